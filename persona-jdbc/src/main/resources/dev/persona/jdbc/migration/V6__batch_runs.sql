-- V6: course runs through a provider's batch API (persona-jobs). New columns and a table only.
ALTER TABLE persona_runs ADD COLUMN batch boolean NOT NULL DEFAULT false;
ALTER TABLE persona_runs ADD COLUMN batch_requests bigint NOT NULL DEFAULT 0;
-- What a run has spent, call by call on every node (pages still in progress included), for its budget.
ALTER TABLE persona_runs ADD COLUMN spent_tokens bigint NOT NULL DEFAULT 0;
ALTER TABLE persona_runs ADD COLUMN spent_micros bigint NOT NULL DEFAULT 0;

-- The batches a page submitted: one per part (a page's requests are split to fit the provider's
-- limits, each learner whole in one part). A row is written before its batch is submitted, so a
-- retry after a crash knows to look for the batch instead of submitting it twice.
CREATE TABLE persona_run_batches (
  run_id uuid NOT NULL REFERENCES persona_runs(id) ON DELETE CASCADE,
  page int NOT NULL,
  part int NOT NULL,
  learners text[] NOT NULL,      -- the part's learners
  attempt int NOT NULL DEFAULT 1, -- one more each time a batch failing on a rate limit is submitted again
  batch_id text,                 -- null until the provider has answered the submission
  requests int NOT NULL,
  estimated_tokens bigint NOT NULL DEFAULT 0, -- an upper bound, held against a budget until the page is ingested
  estimated_micros bigint NOT NULL DEFAULT 0,
  submitted_at timestamptz,      -- when the attempt's submission started; null while it waits for retry_at
  retry_at timestamptz,
  PRIMARY KEY (run_id, page, part)
);
