-- The collaborative bank, SQLite dialect. Keep in step with migrations/postgres/0004_bank.sql.
-- Shift, booking and commitment times are instants as seconds since the Unix epoch (UTC), so both
-- dialects compare them as plain integers; money is whole pence.

-- SQLite has no exclusion constraints: the store books inside one serialised write
-- transaction (BEGIN IMMEDIATE) that looks for a clash first, so two bookings of one person
-- can never overlap nor leave less than 11 hours' rest between them.

CREATE TABLE sites (
    id     INTEGER PRIMARY KEY AUTOINCREMENT,
    org_id INTEGER NOT NULL REFERENCES organisations (id),
    code   TEXT NOT NULL,
    name   TEXT NOT NULL,
    UNIQUE (org_id, code)
);

CREATE TABLE banks (
    id         INTEGER PRIMARY KEY AUTOINCREMENT,
    network_id INTEGER NOT NULL REFERENCES networks (id),
    own_org_id INTEGER REFERENCES organisations (id),
    name       TEXT NOT NULL UNIQUE
);

CREATE TABLE bank_members (
    bank_id          INTEGER NOT NULL REFERENCES banks (id),
    staff_id         INTEGER NOT NULL REFERENCES staff (id),
    band             INTEGER NOT NULL CHECK (band BETWEEN 1 AND 9),
    weekly_cap_hours REAL CHECK (weekly_cap_hours > 0),
    opted_out        INTEGER NOT NULL CHECK (opted_out IN (0, 1)),
    PRIMARY KEY (bank_id, staff_id)
);
CREATE INDEX bank_members_by_staff ON bank_members (staff_id);

CREATE TABLE bank_member_profiles (
    bank_id    INTEGER NOT NULL,
    staff_id   INTEGER NOT NULL,
    profile_id INTEGER NOT NULL REFERENCES requirement_profiles (id),
    PRIMARY KEY (bank_id, staff_id, profile_id),
    FOREIGN KEY (bank_id, staff_id) REFERENCES bank_members (bank_id, staff_id)
);

CREATE TABLE bank_member_orgs (
    bank_id  INTEGER NOT NULL,
    staff_id INTEGER NOT NULL,
    org_id   INTEGER NOT NULL REFERENCES organisations (id),
    PRIMARY KEY (bank_id, staff_id, org_id),
    FOREIGN KEY (bank_id, staff_id) REFERENCES bank_members (bank_id, staff_id)
);

CREATE TABLE open_shifts (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    org_id      INTEGER NOT NULL REFERENCES organisations (id),
    site_id     INTEGER NOT NULL REFERENCES sites (id),
    ward        TEXT NOT NULL,
    profile_id  INTEGER NOT NULL REFERENCES requirement_profiles (id),
    band        INTEGER NOT NULL CHECK (band BETWEEN 1 AND 9),
    start_s    INTEGER NOT NULL,
    end_s      INTEGER NOT NULL,
    headcount   INTEGER NOT NULL CHECK (headcount >= 1),
    rate_pence  INTEGER NOT NULL CHECK (rate_pence >= 0),
    reason      TEXT NOT NULL
                CHECK (reason IN ('vacancy', 'sickness', 'acuity', 'leave', 'training', 'other')),
    release_s  INTEGER NOT NULL,
    withdrawn   INTEGER NOT NULL DEFAULT 0 CHECK (withdrawn IN (0, 1)),
    CHECK (end_s > start_s AND end_s <= start_s + 86400)
);
CREATE INDEX open_shifts_by_start ON open_shifts (start_s);
CREATE INDEX open_shifts_by_org ON open_shifts (org_id, start_s);

CREATE TABLE bookings (
    id               INTEGER PRIMARY KEY AUTOINCREMENT,
    shift_id         INTEGER NOT NULL REFERENCES open_shifts (id),
    org_id           INTEGER NOT NULL REFERENCES organisations (id),
    staff_id         INTEGER NOT NULL REFERENCES staff (id),
    status           TEXT NOT NULL
                     CHECK (status IN ('offered', 'booked', 'worked', 'approved', 'declined',
                                       'expired', 'cancelled')),
    start_s         INTEGER NOT NULL,
    end_s           INTEGER NOT NULL,
    offer_expires_s INTEGER,
    idempotency_key  TEXT,
    fee_pence        INTEGER NOT NULL DEFAULT 0,
    strike           INTEGER NOT NULL DEFAULT 0 CHECK (strike IN (0, 1)),
    UNIQUE (org_id, idempotency_key)
);
CREATE INDEX bookings_by_staff ON bookings (staff_id, start_s);
CREATE INDEX bookings_by_shift ON bookings (shift_id);

-- Every transition of a booking: who made it, when and why (append-only).
CREATE TABLE booking_events (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    booking_id  INTEGER NOT NULL REFERENCES bookings (id),
    status      TEXT NOT NULL,
    actor_org   INTEGER REFERENCES organisations (id),
    actor_staff INTEGER REFERENCES staff (id),
    at          TEXT NOT NULL,
    reason      TEXT NOT NULL
);
CREATE INDEX booking_events_by_booking ON booking_events (booking_id, id);

-- Substantive shifts of people at their employers (from published rosters or imports): they
-- count in the working-time ledger beside bank bookings.
CREATE TABLE commitments (
    id       INTEGER PRIMARY KEY AUTOINCREMENT,
    staff_id INTEGER NOT NULL REFERENCES staff (id),
    org_id   INTEGER NOT NULL REFERENCES organisations (id),
    start_s INTEGER NOT NULL,
    end_s   INTEGER NOT NULL,
    source   TEXT NOT NULL,
    CHECK (end_s > start_s)
);
CREATE INDEX commitments_by_staff ON commitments (staff_id, start_s);
