-- V4: deleting a course never deletes its learners. V2's foreign key from profiles.course_slug
-- cascaded deletes, which the original schema never did: a profile and its survey would vanish
-- with their course. Renaming a course's slug still carries its profiles along.
-- (Every Persona table is locked first, in a fixed order, by the migration runner.)
ALTER TABLE profiles DROP CONSTRAINT IF EXISTS profiles_course_slug_fkey;
ALTER TABLE profiles ADD CONSTRAINT profiles_course_slug_fkey FOREIGN KEY (course_slug)
  REFERENCES courses(slug) ON UPDATE CASCADE ON DELETE RESTRICT NOT VALID;
