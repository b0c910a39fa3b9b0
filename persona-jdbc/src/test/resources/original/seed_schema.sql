-- A database built, for tests, from nothing but the seed document's own description of the schema
-- ("Data Models & Database Schema"): UUID primary keys, the unique keys it names (courses.slug,
-- lessons (course_id, lesson_number), profiles.user_identifier, personalized (profile_id, lesson_id)),
-- cascading deletes where it names them, and lessons to descriptions drawn one-to-many. What the
-- seed does not state (defaults, NOT NULL, a unique description per lesson) is left out.
create table courses (
  id uuid primary key,
  slug text unique,
  title text,
  description text,
  created_at timestamptz
);
create table lessons (
  id uuid primary key,
  course_id uuid references courses(id) on delete cascade,
  lesson_number int,
  title text,
  summary text,
  content jsonb,
  created_at timestamptz,
  unique (course_id, lesson_number)
);
create table profiles (
  id uuid primary key,
  user_identifier text unique,
  name text,
  course_slug text,
  survey jsonb,
  created_at timestamptz
);
create table lesson_descriptions (
  id uuid primary key,
  lesson_id uuid references lessons(id),
  data jsonb,
  created_at timestamptz
);
create table personalized_lesson_descriptions (
  id uuid primary key,
  profile_id uuid references profiles(id) on delete cascade,
  lesson_id uuid references lessons(id) on delete cascade,
  content jsonb,
  created_at timestamptz,
  unique (profile_id, lesson_id)
);
create table lesson_assets (
  id uuid primary key,
  lesson_id uuid references lessons(id),
  asset_type text,
  url text,
  metadata jsonb,
  created_at timestamptz
);
