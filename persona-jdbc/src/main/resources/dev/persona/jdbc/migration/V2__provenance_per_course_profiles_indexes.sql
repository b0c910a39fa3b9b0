-- V2: what the library needs, added without breaking V1 readers (only new nullable or defaulted
-- columns, constraints and indexes). Written to also apply to a database the original system
-- created and later changed by hand (its migrations 002-004), so every step checks first.

-- Provenance of each personalization.
ALTER TABLE personalized_lesson_descriptions
  ADD COLUMN IF NOT EXISTS status               text   NOT NULL DEFAULT 'generated',
  ADD COLUMN IF NOT EXISTS fingerprint          text,
  ADD COLUMN IF NOT EXISTS model                text,
  ADD COLUMN IF NOT EXISTS prompt_version       text,
  ADD COLUMN IF NOT EXISTS prompt_tokens        bigint NOT NULL DEFAULT 0,
  ADD COLUMN IF NOT EXISTS cached_prompt_tokens bigint NOT NULL DEFAULT 0,
  ADD COLUMN IF NOT EXISTS completion_tokens    bigint NOT NULL DEFAULT 0,
  ADD COLUMN IF NOT EXISTS updated_at           timestamptz NOT NULL DEFAULT now();

DO $$
BEGIN
  IF NOT EXISTS (SELECT 1 FROM pg_constraint WHERE conname = 'pld_status_check'
                 AND conrelid = 'personalized_lesson_descriptions'::regclass) THEN
    ALTER TABLE personalized_lesson_descriptions
      ADD CONSTRAINT pld_status_check CHECK (status IN ('generated', 'degraded', 'edited'));
  END IF;
  -- A second line of defence behind the records' own limits: no personalization over 1 MiB.
  IF NOT EXISTS (SELECT 1 FROM pg_constraint WHERE conname = 'pld_content_size_check'
                 AND conrelid = 'personalized_lesson_descriptions'::regclass) THEN
    ALTER TABLE personalized_lesson_descriptions
      ADD CONSTRAINT pld_content_size_check CHECK (pg_column_size(content) <= 1048576) NOT VALID;
  END IF;
END
$$;

CREATE OR REPLACE FUNCTION persona_touch_updated_at() RETURNS trigger AS $$
BEGIN
  NEW.updated_at := now();
  RETURN NEW;
END
$$ LANGUAGE plpgsql;

DROP TRIGGER IF EXISTS personalized_lesson_descriptions_touch ON personalized_lesson_descriptions;
CREATE TRIGGER personalized_lesson_descriptions_touch BEFORE INSERT OR UPDATE ON personalized_lesson_descriptions
  FOR EACH ROW EXECUTE FUNCTION persona_touch_updated_at();

-- One profile per learner per course (the original system's migration 003 did the same).
DO $$
BEGIN
  IF EXISTS (SELECT 1 FROM pg_constraint WHERE conname = 'profiles_user_identifier_key'
             AND conrelid = 'profiles'::regclass) THEN
    ALTER TABLE profiles DROP CONSTRAINT profiles_user_identifier_key;
  END IF;
  IF NOT EXISTS (SELECT 1 FROM pg_constraint WHERE conname = 'profiles_user_course_unique'
                 AND conrelid = 'profiles'::regclass) THEN
    ALTER TABLE profiles ADD CONSTRAINT profiles_user_course_unique UNIQUE (user_identifier, course_slug);
  END IF;
  -- A profile's course must exist. NOT VALID: rows the original system left with an unknown
  -- slug stay readable; every new or changed row is checked.
  IF NOT EXISTS (SELECT 1 FROM pg_constraint WHERE conname = 'profiles_course_slug_fkey'
                 AND conrelid = 'profiles'::regclass) THEN
    ALTER TABLE profiles ADD CONSTRAINT profiles_course_slug_fkey FOREIGN KEY (course_slug)
      REFERENCES courses(slug) ON UPDATE CASCADE ON DELETE CASCADE NOT VALID;
  END IF;
END
$$;

-- A stable key for lessons from the host's world (a video id), so renumbering keeps identity.
ALTER TABLE lessons ADD COLUMN IF NOT EXISTS external_id text;
CREATE UNIQUE INDEX IF NOT EXISTS lessons_course_external_id_key
  ON lessons (course_id, external_id) WHERE external_id IS NOT NULL;

-- An index on every foreign-key column not already led by a unique index.
CREATE INDEX IF NOT EXISTS pld_lesson_id_idx ON personalized_lesson_descriptions (lesson_id);
CREATE INDEX IF NOT EXISTS lesson_assets_lesson_id_idx ON lesson_assets (lesson_id);
CREATE INDEX IF NOT EXISTS profiles_course_slug_idx ON profiles (course_slug);
-- lessons(course_id), lesson_descriptions(lesson_id) and personalized_lesson_descriptions(profile_id)
-- lead the unique indexes of V1.
