-- V3: the original system's migration 004 moved transcripts into lessons.transcription, while
-- its import scripts kept writing content.transcription; its engine read both. Make the column
-- exist everywhere (a no-op where 004 ran) so the store can read it as a fallback. Persona itself
-- keeps writing transcripts into content, which stays the source of truth.
ALTER TABLE lessons ADD COLUMN IF NOT EXISTS transcription text;
