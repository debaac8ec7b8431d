-- crossrota schema, SQLite dialect. Keep in step with migrations/postgres/0001_init.sql:
-- same tables, columns, constraints and indexes; only the types differ.
-- Dates are ISO `YYYY-MM-DD` text, timestamps RFC 3339 text, enums their `as_str()` text.

CREATE TABLE organisations (
    id   INTEGER PRIMARY KEY AUTOINCREMENT,
    code TEXT NOT NULL UNIQUE,
    name TEXT NOT NULL
);

CREATE TABLE networks (
    id   INTEGER PRIMARY KEY AUTOINCREMENT,
    name TEXT NOT NULL UNIQUE,
    kind TEXT NOT NULL CHECK (kind IN ('collaborative_bank', 'clinical_network'))
);

CREATE TABLE network_members (
    network_id INTEGER NOT NULL REFERENCES networks (id),
    org_id     INTEGER NOT NULL REFERENCES organisations (id),
    PRIMARY KEY (network_id, org_id)
);
CREATE INDEX network_members_by_org ON network_members (org_id);

CREATE TABLE staff (
    id                      INTEGER PRIMARY KEY AUTOINCREMENT,
    org_id                  INTEGER NOT NULL REFERENCES organisations (id),
    employee_number         TEXT NOT NULL,
    name                    TEXT NOT NULL,
    staff_group             TEXT NOT NULL,
    band                    INTEGER NOT NULL CHECK (band BETWEEN 0 AND 9),
    registration_body       TEXT,
    registration_number     TEXT,
    registration_expires_on TEXT,
    UNIQUE (org_id, employee_number),
    CHECK ((registration_body IS NULL) = (registration_number IS NULL)
       AND (registration_body IS NULL) = (registration_expires_on IS NULL))
);
CREATE INDEX staff_by_org ON staff (org_id, id);

CREATE TABLE staff_networks (
    staff_id   INTEGER NOT NULL REFERENCES staff (id),
    network_id INTEGER NOT NULL REFERENCES networks (id),
    PRIMARY KEY (staff_id, network_id)
);

CREATE TABLE credential_defs (
    code TEXT PRIMARY KEY,
    name TEXT NOT NULL,
    kind TEXT NOT NULL
);

-- validity_months NULL means the level never expires.
CREATE TABLE credential_levels (
    code            TEXT NOT NULL REFERENCES credential_defs (code),
    level           INTEGER NOT NULL CHECK (level BETWEEN 1 AND 3),
    validity_months INTEGER CHECK (validity_months >= 0),
    PRIMARY KEY (code, level)
);

CREATE TABLE validity_overrides (
    org_id          INTEGER NOT NULL REFERENCES organisations (id),
    code            TEXT NOT NULL REFERENCES credential_defs (code),
    level           INTEGER NOT NULL CHECK (level BETWEEN 1 AND 3),
    validity_months INTEGER CHECK (validity_months >= 0),
    PRIMARY KEY (org_id, code, level)
);

-- Append-only: the triggers below reject UPDATE and DELETE. `supersedes` is UNIQUE so that
-- two concurrent corrections of one fact cannot both be stored.
CREATE TABLE credential_facts (
    id            INTEGER PRIMARY KEY AUTOINCREMENT,
    staff_id      INTEGER NOT NULL REFERENCES staff (id),
    code          TEXT NOT NULL REFERENCES credential_defs (code),
    level         INTEGER NOT NULL CHECK (level BETWEEN 1 AND 3),
    achieved_on   TEXT NOT NULL,
    expires_on    TEXT,
    issuer_org_id INTEGER NOT NULL REFERENCES organisations (id),
    evidence_ref  TEXT NOT NULL,
    recorded_by   TEXT NOT NULL,
    recorded_at   TEXT NOT NULL,
    supersedes    INTEGER UNIQUE REFERENCES credential_facts (id),
    action        TEXT NOT NULL CHECK (action IN ('record', 'revoke')),
    revoke_reason TEXT,
    CHECK ((action = 'revoke') = (revoke_reason IS NOT NULL)),
    CHECK (action = 'record' OR supersedes IS NOT NULL)
);
CREATE INDEX credential_facts_by_staff ON credential_facts (staff_id, id);

CREATE TRIGGER credential_facts_no_update BEFORE UPDATE ON credential_facts
BEGIN
    SELECT RAISE(ABORT, 'credential facts are append-only');
END;

CREATE TRIGGER credential_facts_no_delete BEFORE DELETE ON credential_facts
BEGIN
    SELECT RAISE(ABORT, 'credential facts are append-only');
END;

CREATE TABLE requirement_profiles (
    id      INTEGER PRIMARY KEY AUTOINCREMENT,
    org_id  INTEGER NOT NULL REFERENCES organisations (id),
    name    TEXT NOT NULL,
    service TEXT NOT NULL,
    UNIQUE (org_id, name)
);

CREATE TABLE profile_requirements (
    profile_id INTEGER NOT NULL REFERENCES requirement_profiles (id),
    position   INTEGER NOT NULL,
    code       TEXT NOT NULL REFERENCES credential_defs (code),
    min_level  INTEGER NOT NULL CHECK (min_level BETWEEN 1 AND 3),
    PRIMARY KEY (profile_id, position)
);

-- scope_value is the credential code for scope 'code', the kind for 'kind' and '' for 'all';
-- issuers_key is the sorted, comma-separated issuer ids ('' = every member), so that the
-- UNIQUE constraint recognises an identical agreement. agreement_issuers keeps the issuers
-- under foreign keys.
CREATE TABLE sharing_agreements (
    id              INTEGER PRIMARY KEY AUTOINCREMENT,
    network_id      INTEGER NOT NULL REFERENCES networks (id),
    verifier_org_id INTEGER NOT NULL REFERENCES organisations (id),
    scope_type      TEXT NOT NULL CHECK (scope_type IN ('code', 'kind', 'all')),
    scope_value     TEXT NOT NULL,
    issuers_key     TEXT NOT NULL,
    UNIQUE (network_id, verifier_org_id, scope_type, scope_value, issuers_key)
);

CREATE TABLE agreement_issuers (
    agreement_id INTEGER NOT NULL REFERENCES sharing_agreements (id),
    org_id       INTEGER NOT NULL REFERENCES organisations (id),
    PRIMARY KEY (agreement_id, org_id)
);

-- roles: comma-separated `Role::as_str()` names, in the order given.
CREATE TABLE api_keys (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    org_id      INTEGER NOT NULL REFERENCES organisations (id),
    label       TEXT NOT NULL,
    roles       TEXT NOT NULL,
    secret_hash TEXT NOT NULL UNIQUE,
    created_at  TEXT NOT NULL,
    revoked_at  TEXT
);
CREATE INDEX api_keys_by_org ON api_keys (org_id, id);

CREATE TABLE audit_log (
    id           INTEGER PRIMARY KEY AUTOINCREMENT,
    at           TEXT NOT NULL,
    actor_org_id INTEGER NOT NULL REFERENCES organisations (id),
    api_key_id   INTEGER NOT NULL REFERENCES api_keys (id),
    staff_id     INTEGER NOT NULL REFERENCES staff (id),
    staff_org_id INTEGER NOT NULL REFERENCES organisations (id),
    action       TEXT NOT NULL,
    reason       TEXT NOT NULL
);
CREATE INDEX audit_log_by_staff_org ON audit_log (staff_org_id, id);
CREATE INDEX audit_log_by_staff ON audit_log (staff_id, id);
