-- The original system's later hand-applied migrations 002-004, reconstructed for tests.
alter table lessons add column default_description jsonb;
alter table profiles drop constraint profiles_user_identifier_key;
alter table profiles add constraint profiles_user_course_unique unique (user_identifier, course_slug);
alter table profiles alter column course_slug set not null;
create index idx_profiles_user_course on profiles (user_identifier, course_slug);
alter table lessons add column transcription text, add column kinescope_play_link_id text,
  add column kinescope_video_content_id text;
