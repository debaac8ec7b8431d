-- Roster jobs, PostgreSQL dialect. Keep in step with migrations/sqlite/0002_roster_jobs.sql.
-- The model, options, replan inputs, result and last progress are JSON text written and read by
-- crossrota-service; the store treats them as opaque, so both dialects hold them as TEXT.

CREATE TABLE roster_jobs (
    id               BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    org_id           BIGINT NOT NULL REFERENCES organisations (id),
    name             TEXT NOT NULL,
    status           TEXT NOT NULL
                     CHECK (status IN ('queued', 'running', 'succeeded', 'failed', 'cancelled')),
    model            TEXT NOT NULL,
    options          TEXT NOT NULL,
    replan           TEXT,
    result           TEXT,
    error            TEXT,
    progress         TEXT,
    cancel_requested BOOLEAN NOT NULL DEFAULT FALSE,
    created_at       TIMESTAMPTZ NOT NULL,
    started_at       TIMESTAMPTZ,
    finished_at      TIMESTAMPTZ,
    CHECK ((status IN ('succeeded', 'failed', 'cancelled')) = (finished_at IS NOT NULL))
);
CREATE INDEX roster_jobs_by_org ON roster_jobs (org_id, id);
