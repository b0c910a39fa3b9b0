-- A reconstruction, for tests, of the original system's migrations/001_init.sql as
-- ../shared/docs/original-system.md section 5 describes it (written here, not copied).
create table courses (
  id uuid primary key default gen_random_uuid(),
  slug text unique not null,
  title text not null,
  description text,
  created_at timestamptz default now()
);
create table lessons (
  id uuid primary key default gen_random_uuid(),
  course_id uuid not null references courses(id) on delete cascade,
  lesson_number int not null,
  title text not null,
  summary text,
  content jsonb,
  created_at timestamptz default now(),
  unique (course_id, lesson_number)
);
create table lesson_descriptions (
  id uuid primary key default gen_random_uuid(),
  lesson_id uuid not null references lessons(id) on delete cascade,
  data jsonb not null,
  created_at timestamptz default now(),
  unique (lesson_id)
);
create table profiles (
  id uuid primary key default gen_random_uuid(),
  user_identifier text unique not null,
  name text,
  course_slug text,
  survey jsonb,
  created_at timestamptz default now()
);
create table personalized_lesson_descriptions (
  id uuid primary key default gen_random_uuid(),
  profile_id uuid references profiles(id) on delete cascade,
  lesson_id uuid references lessons(id) on delete cascade,
  content jsonb not null,
  created_at timestamptz default now(),
  unique (profile_id, lesson_id)
);
create table lesson_assets (
  id uuid primary key default gen_random_uuid(),
  lesson_id uuid references lessons(id) on delete cascade,
  asset_type text not null,
  url text not null,
  metadata jsonb,
  created_at timestamptz default now()
);
create or replace function set_timestamps() returns trigger as $$
begin
  if tg_op = 'INSERT' then new.created_at := coalesce(new.created_at, now());
  else new.created_at := old.created_at; end if;
  return new;
end $$ language plpgsql;
create trigger courses_ts before insert or update on courses for each row execute function set_timestamps();
create trigger lessons_ts before insert or update on lessons for each row execute function set_timestamps();
create trigger profiles_ts before insert or update on profiles for each row execute function set_timestamps();
create trigger pld_ts before insert or update on personalized_lesson_descriptions for each row execute function set_timestamps();
