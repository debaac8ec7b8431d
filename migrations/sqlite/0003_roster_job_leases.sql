-- Roster job leases, SQLite dialect. Keep in step with migrations/postgres/0003_roster_job_leases.sql.
--
-- Several server instances may share one database. The instance that accepted or took over a
-- queued or running job is its `owner` and renews `heartbeat_ms` while it holds the job; any
-- instance may take over a queued or running job whose heartbeat is older than its lease (the
-- owner died). The heartbeat is milliseconds since the Unix epoch (UTC) rather than a
-- timestamp, so both dialects compare it as a plain integer. NULL (jobs stored before this
-- migration) counts as expired.

ALTER TABLE roster_jobs ADD COLUMN owner TEXT;
ALTER TABLE roster_jobs ADD COLUMN heartbeat_ms INTEGER;
CREATE INDEX roster_jobs_active ON roster_jobs (status, heartbeat_ms);
