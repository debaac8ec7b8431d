-- The collaborative bank, PostgreSQL dialect. Keep in step with migrations/sqlite/0004_bank.sql.
-- Shift, booking and commitment times are instants as seconds since the Unix epoch (UTC), so both
-- dialects compare them as plain integers; money is whole pence.

-- Two active bookings of one person may never overlap nor leave less than 11 hours' rest
-- between them, whichever trust and server instance books them: an exclusion constraint over
-- the person's [start, end + 11 h) ranges in seconds, which needs btree_gist for the equality on staff_id.
CREATE EXTENSION IF NOT EXISTS btree_gist;

CREATE TABLE sites (
    id     BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    org_id BIGINT NOT NULL REFERENCES organisations (id),
    code   TEXT NOT NULL,
    name   TEXT NOT NULL,
    UNIQUE (org_id, code)
);

CREATE TABLE banks (
    id         BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    network_id BIGINT NOT NULL REFERENCES networks (id),
    own_org_id BIGINT REFERENCES organisations (id),
    name       TEXT NOT NULL UNIQUE
);

CREATE TABLE bank_members (
    bank_id          BIGINT NOT NULL REFERENCES banks (id),
    staff_id         BIGINT NOT NULL REFERENCES staff (id),
    band             INTEGER NOT NULL CHECK (band BETWEEN 1 AND 9),
    weekly_cap_hours DOUBLE PRECISION CHECK (weekly_cap_hours > 0),
    opted_out        BOOLEAN NOT NULL,
    PRIMARY KEY (bank_id, staff_id)
);
CREATE INDEX bank_members_by_staff ON bank_members (staff_id);

CREATE TABLE bank_member_profiles (
    bank_id    BIGINT NOT NULL,
    staff_id   BIGINT NOT NULL,
    profile_id BIGINT NOT NULL REFERENCES requirement_profiles (id),
    PRIMARY KEY (bank_id, staff_id, profile_id),
    FOREIGN KEY (bank_id, staff_id) REFERENCES bank_members (bank_id, staff_id)
);

CREATE TABLE bank_member_orgs (
    bank_id  BIGINT NOT NULL,
    staff_id BIGINT NOT NULL,
    org_id   BIGINT NOT NULL REFERENCES organisations (id),
    PRIMARY KEY (bank_id, staff_id, org_id),
    FOREIGN KEY (bank_id, staff_id) REFERENCES bank_members (bank_id, staff_id)
);

CREATE TABLE open_shifts (
    id          BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    org_id      BIGINT NOT NULL REFERENCES organisations (id),
    site_id     BIGINT NOT NULL REFERENCES sites (id),
    ward        TEXT NOT NULL,
    profile_id  BIGINT NOT NULL REFERENCES requirement_profiles (id),
    band        INTEGER NOT NULL CHECK (band BETWEEN 1 AND 9),
    start_s    BIGINT NOT NULL,
    end_s      BIGINT NOT NULL,
    headcount   INTEGER NOT NULL CHECK (headcount >= 1),
    rate_pence  BIGINT NOT NULL CHECK (rate_pence >= 0),
    reason      TEXT NOT NULL
                CHECK (reason IN ('vacancy', 'sickness', 'acuity', 'leave', 'training', 'other')),
    release_s  BIGINT NOT NULL,
    withdrawn   BOOLEAN NOT NULL DEFAULT FALSE,
    CHECK (end_s > start_s AND end_s <= start_s + 86400)
);
CREATE INDEX open_shifts_by_start ON open_shifts (start_s);
CREATE INDEX open_shifts_by_org ON open_shifts (org_id, start_s);

CREATE TABLE bookings (
    id               BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    shift_id         BIGINT NOT NULL REFERENCES open_shifts (id),
    org_id           BIGINT NOT NULL REFERENCES organisations (id),
    staff_id         BIGINT NOT NULL REFERENCES staff (id),
    status           TEXT NOT NULL
                     CHECK (status IN ('offered', 'booked', 'worked', 'approved', 'declined',
                                       'expired', 'cancelled')),
    start_s         BIGINT NOT NULL,
    end_s           BIGINT NOT NULL,
    offer_expires_s BIGINT,
    idempotency_key  TEXT,
    fee_pence        BIGINT NOT NULL DEFAULT 0,
    strike           BOOLEAN NOT NULL DEFAULT FALSE,
    UNIQUE (org_id, idempotency_key),
    CONSTRAINT bookings_no_overlap EXCLUDE USING gist (
        staff_id WITH =,
        int8range(start_s, end_s + 39600) WITH &&
    ) WHERE (status IN ('offered', 'booked', 'worked', 'approved'))
);
CREATE INDEX bookings_by_staff ON bookings (staff_id, start_s);
CREATE INDEX bookings_by_shift ON bookings (shift_id);

-- Every transition of a booking: who made it, when and why (append-only).
CREATE TABLE booking_events (
    id          BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    booking_id  BIGINT NOT NULL REFERENCES bookings (id),
    status      TEXT NOT NULL,
    actor_org   BIGINT REFERENCES organisations (id),
    actor_staff BIGINT REFERENCES staff (id),
    at          TIMESTAMPTZ NOT NULL,
    reason      TEXT NOT NULL
);
CREATE INDEX booking_events_by_booking ON booking_events (booking_id, id);

-- Substantive shifts of people at their employers (from published rosters or imports): they
-- count in the working-time ledger beside bank bookings.
CREATE TABLE commitments (
    id       BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    staff_id BIGINT NOT NULL REFERENCES staff (id),
    org_id   BIGINT NOT NULL REFERENCES organisations (id),
    start_s BIGINT NOT NULL,
    end_s   BIGINT NOT NULL,
    source   TEXT NOT NULL,
    CHECK (end_s > start_s)
);
CREATE INDEX commitments_by_staff ON commitments (staff_id, start_s);
