-- Roster jobs, SQLite dialect. Keep in step with migrations/postgres/0002_roster_jobs.sql.
-- The model, options, replan inputs, result and last progress are JSON text written and read by
-- crossrota-service; the store treats them as opaque. Timestamps are RFC 3339 text.

CREATE TABLE roster_jobs (
    id               INTEGER PRIMARY KEY AUTOINCREMENT,
    org_id           INTEGER NOT NULL REFERENCES organisations (id),
    name             TEXT NOT NULL,
    status           TEXT NOT NULL
                     CHECK (status IN ('queued', 'running', 'succeeded', 'failed', 'cancelled')),
    model            TEXT NOT NULL,
    options          TEXT NOT NULL,
    replan           TEXT,
    result           TEXT,
    error            TEXT,
    progress         TEXT,
    cancel_requested INTEGER NOT NULL DEFAULT 0 CHECK (cancel_requested IN (0, 1)),
    created_at       TEXT NOT NULL,
    started_at       TEXT,
    finished_at      TEXT,
    CHECK ((status IN ('succeeded', 'failed', 'cancelled')) = (finished_at IS NOT NULL))
);
CREATE INDEX roster_jobs_by_org ON roster_jobs (org_id, id);
