-- V5: course runs across nodes (persona-jobs). Tables only; nothing existing changes.

-- db-scheduler's executions, under a name of Persona's own (its standard PostgreSQL schema).
CREATE TABLE persona_scheduled_tasks (
  task_name text NOT NULL,
  task_instance text NOT NULL,
  task_data bytea,
  execution_time timestamptz NOT NULL,
  picked boolean NOT NULL,
  picked_by text,
  last_success timestamptz,
  last_failure timestamptz,
  consecutive_failures int,
  last_heartbeat timestamptz,
  version bigint NOT NULL,
  priority smallint,
  PRIMARY KEY (task_name, task_instance)
);
CREATE INDEX persona_scheduled_tasks_execution_time_idx ON persona_scheduled_tasks (execution_time);
CREATE INDEX persona_scheduled_tasks_last_heartbeat_idx ON persona_scheduled_tasks (last_heartbeat);
CREATE INDEX persona_scheduled_tasks_priority_idx ON persona_scheduled_tasks (priority DESC, execution_time ASC);

-- One row per course run: what it was asked to do and what it has spent.
CREATE TABLE persona_runs (
  id uuid PRIMARY KEY,
  course_slug text NOT NULL,
  state text NOT NULL CHECK (state IN ('running', 'done', 'cancelled', 'budget_reached')),
  force boolean NOT NULL,
  budget_tokens bigint,
  budget_micros bigint,
  planned boolean NOT NULL DEFAULT false,
  calls bigint NOT NULL DEFAULT 0,
  input_tokens bigint NOT NULL DEFAULT 0,
  cached_tokens bigint NOT NULL DEFAULT 0,
  output_tokens bigint NOT NULL DEFAULT 0,
  cost_micros bigint NOT NULL DEFAULT 0,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  finished_at timestamptz
);

-- The pages a run's coordinator scheduled (learners in user-id order), and which are finished.
CREATE TABLE persona_run_pages (
  run_id uuid NOT NULL REFERENCES persona_runs(id) ON DELETE CASCADE,
  page int NOT NULL,
  learners int NOT NULL,
  done boolean NOT NULL DEFAULT false,
  PRIMARY KEY (run_id, page)
);

-- Each learner's outcome in a run, written once: a re-executed page skips the learners here.
CREATE TABLE persona_run_learners (
  run_id uuid NOT NULL REFERENCES persona_runs(id) ON DELETE CASCADE,
  user_identifier text NOT NULL,
  outcome text NOT NULL CHECK (outcome IN ('done', 'failed', 'not_sent')),
  calls int NOT NULL,
  finished_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (run_id, user_identifier)
);

-- Bucket4j's rate-limit buckets, shared by every node (one row per provider and model).
CREATE TABLE persona_rate_buckets (
  id text PRIMARY KEY,
  state bytea
);
