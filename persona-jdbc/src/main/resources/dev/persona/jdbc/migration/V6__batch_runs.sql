-- V6: course runs through a provider's batch API (persona-jobs). New columns and a table only.
ALTER TABLE persona_runs ADD COLUMN batch boolean NOT NULL DEFAULT false;
ALTER TABLE persona_runs ADD COLUMN batch_requests bigint NOT NULL DEFAULT 0;

-- The batches a page submitted: one per part (a page's requests are split to fit the provider's limits).
CREATE TABLE persona_run_batches (
  run_id uuid NOT NULL REFERENCES persona_runs(id) ON DELETE CASCADE,
  page int NOT NULL,
  part int NOT NULL,
  batch_id text NOT NULL,
  requests int NOT NULL,
  PRIMARY KEY (run_id, page, part)
);
