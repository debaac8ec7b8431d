-- crossrota schema, PostgreSQL dialect. Keep in step with migrations/sqlite/0001_init.sql:
-- same tables, columns, constraints and indexes; only the types differ.
-- Ids are BIGINT identities, dates DATE, timestamps TIMESTAMPTZ, enums their `as_str()` text.

CREATE TABLE organisations (
    id   BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    code TEXT NOT NULL UNIQUE,
    name TEXT NOT NULL
);

CREATE TABLE networks (
    id   BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    name TEXT NOT NULL UNIQUE,
    kind TEXT NOT NULL CHECK (kind IN ('collaborative_bank', 'clinical_network'))
);

CREATE TABLE network_members (
    network_id BIGINT NOT NULL REFERENCES networks (id),
    org_id     BIGINT NOT NULL REFERENCES organisations (id),
    PRIMARY KEY (network_id, org_id)
);
CREATE INDEX network_members_by_org ON network_members (org_id);

CREATE TABLE staff (
    id                      BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    org_id                  BIGINT NOT NULL REFERENCES organisations (id),
    employee_number         TEXT NOT NULL,
    name                    TEXT NOT NULL,
    staff_group             TEXT NOT NULL,
    band                    INTEGER NOT NULL CHECK (band BETWEEN 0 AND 9),
    registration_body       TEXT,
    registration_number     TEXT,
    registration_expires_on DATE,
    UNIQUE (org_id, employee_number),
    CHECK ((registration_body IS NULL) = (registration_number IS NULL)
       AND (registration_body IS NULL) = (registration_expires_on IS NULL))
);
CREATE INDEX staff_by_org ON staff (org_id, id);

CREATE TABLE staff_networks (
    staff_id   BIGINT NOT NULL REFERENCES staff (id),
    network_id BIGINT NOT NULL REFERENCES networks (id),
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
    validity_months BIGINT CHECK (validity_months >= 0),
    PRIMARY KEY (code, level)
);

CREATE TABLE validity_overrides (
    org_id          BIGINT NOT NULL REFERENCES organisations (id),
    code            TEXT NOT NULL REFERENCES credential_defs (code),
    level           INTEGER NOT NULL CHECK (level BETWEEN 1 AND 3),
    validity_months BIGINT CHECK (validity_months >= 0),
    PRIMARY KEY (org_id, code, level)
);

-- Append-only: the trigger below rejects UPDATE and DELETE. `supersedes` is UNIQUE so that
-- two concurrent corrections of one fact cannot both be stored.
CREATE TABLE credential_facts (
    id            BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    staff_id      BIGINT NOT NULL REFERENCES staff (id),
    code          TEXT NOT NULL REFERENCES credential_defs (code),
    level         INTEGER NOT NULL CHECK (level BETWEEN 1 AND 3),
    achieved_on   DATE NOT NULL,
    expires_on    DATE,
    issuer_org_id BIGINT NOT NULL REFERENCES organisations (id),
    evidence_ref  TEXT NOT NULL,
    recorded_by   TEXT NOT NULL,
    recorded_at   TIMESTAMPTZ NOT NULL,
    supersedes    BIGINT UNIQUE REFERENCES credential_facts (id),
    action        TEXT NOT NULL CHECK (action IN ('record', 'revoke')),
    revoke_reason TEXT,
    CHECK ((action = 'revoke') = (revoke_reason IS NOT NULL)),
    CHECK (action = 'record' OR supersedes IS NOT NULL)
);
CREATE INDEX credential_facts_by_staff ON credential_facts (staff_id, id);

CREATE FUNCTION credential_facts_reject_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'credential facts are append-only';
END;
$$;

CREATE TRIGGER credential_facts_append_only BEFORE UPDATE OR DELETE ON credential_facts
    FOR EACH ROW EXECUTE FUNCTION credential_facts_reject_change();

CREATE TABLE requirement_profiles (
    id      BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    org_id  BIGINT NOT NULL REFERENCES organisations (id),
    name    TEXT NOT NULL,
    service TEXT NOT NULL,
    UNIQUE (org_id, name)
);

CREATE TABLE profile_requirements (
    profile_id BIGINT NOT NULL REFERENCES requirement_profiles (id),
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
    id              BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    network_id      BIGINT NOT NULL REFERENCES networks (id),
    verifier_org_id BIGINT NOT NULL REFERENCES organisations (id),
    scope_type      TEXT NOT NULL CHECK (scope_type IN ('code', 'kind', 'all')),
    scope_value     TEXT NOT NULL,
    issuers_key     TEXT NOT NULL,
    UNIQUE (network_id, verifier_org_id, scope_type, scope_value, issuers_key)
);

CREATE TABLE agreement_issuers (
    agreement_id BIGINT NOT NULL REFERENCES sharing_agreements (id),
    org_id       BIGINT NOT NULL REFERENCES organisations (id),
    PRIMARY KEY (agreement_id, org_id)
);

-- roles: comma-separated `Role::as_str()` names, in the order given.
CREATE TABLE api_keys (
    id          BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    org_id      BIGINT NOT NULL REFERENCES organisations (id),
    label       TEXT NOT NULL,
    roles       TEXT NOT NULL,
    secret_hash TEXT NOT NULL UNIQUE,
    created_at  TIMESTAMPTZ NOT NULL,
    revoked_at  TIMESTAMPTZ
);
CREATE INDEX api_keys_by_org ON api_keys (org_id, id);

CREATE TABLE audit_log (
    id           BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    at           TIMESTAMPTZ NOT NULL,
    actor_org_id BIGINT NOT NULL REFERENCES organisations (id),
    api_key_id   BIGINT NOT NULL REFERENCES api_keys (id),
    staff_id     BIGINT NOT NULL REFERENCES staff (id),
    staff_org_id BIGINT NOT NULL REFERENCES organisations (id),
    action       TEXT NOT NULL,
    reason       TEXT NOT NULL
);
CREATE INDEX audit_log_by_staff_org ON audit_log (staff_org_id, id);
CREATE INDEX audit_log_by_staff ON audit_log (staff_id, id);
