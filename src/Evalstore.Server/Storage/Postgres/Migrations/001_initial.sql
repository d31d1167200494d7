-- Evalstore schema for PostgreSQL: the same tables as SQLite's, with native types.
--
-- * Text that users sort, filter or join on is COLLATE "C": byte order, exactly as SQLite's BINARY collation, so a list
--   sorted by name (and ILIKE's ASCII-only case folding) is the same on both stores whatever the database's locale.
-- * JSON documents a user wrote (labels, config, spec, aggregates) are `json`, which keeps their text (and key order)
--   verbatim; the hot row parts (items, row bodies) are raw UTF-8 `bytea`, copied to exports without parsing.
-- * Every large table is keyed by result_key first and has no foreign key, so each can be distributed by result_key
--   (e.g. Citus create_distributed_table) and colocated; see docs/postgres.md.

CREATE TABLE workspaces (
    name        text COLLATE "C" PRIMARY KEY,
    created_at  timestamptz NOT NULL
);

CREATE TABLE api_keys (
    id           text COLLATE "C" PRIMARY KEY,
    workspace    text COLLATE "C" NOT NULL,
    role         text NOT NULL,
    hash         bytea NOT NULL UNIQUE,
    prefix       text NOT NULL,
    description  text,
    created_at   timestamptz NOT NULL,
    revoked_at   timestamptz
);

CREATE TABLE results (
    result_key         bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    id                 uuid NOT NULL UNIQUE,
    workspace          text COLLATE "C" NOT NULL,
    project            text COLLATE "C" NOT NULL,
    name               text COLLATE "C" NOT NULL,
    kind               text COLLATE "C" NOT NULL,
    status             text COLLATE "C" NOT NULL,
    model              text COLLATE "C",
    dataset            text COLLATE "C",
    metric             text COLLATE "C",
    benchmark          text COLLATE "C",
    evaluation         text COLLATE "C",
    labels             json NOT NULL DEFAULT '{}',
    config             json,
    created_by         text COLLATE "C",
    spec               json NOT NULL DEFAULT '{}',
    created_at         timestamptz NOT NULL,
    updated_at         timestamptz NOT NULL,
    queued_at          timestamptz,
    started_at         timestamptz,
    finished_at        timestamptz,
    error_description  text,
    pass_status        boolean,
    row_count          bigint NOT NULL DEFAULT 0,
    item_count         bigint NOT NULL DEFAULT 0,
    max_trials         integer NOT NULL DEFAULT 0,
    next_row_index     bigint NOT NULL DEFAULT 0,
    -- Distinct row indexes stored so far, kept by each append; item_count takes it at completion (as SQLite counts then).
    items_stored       bigint NOT NULL DEFAULT 0,
    deleted_at         timestamptz
);
-- A name is unique among the live results of a workspace; a deleted result frees its name at once.
CREATE UNIQUE INDEX results_name ON results (workspace, name) WHERE deleted_at IS NULL;
CREATE INDEX results_created ON results (workspace, created_at);
CREATE INDEX results_deleted ON results (result_key) WHERE deleted_at IS NOT NULL;

CREATE TABLE score_keys (
    result_key  bigint NOT NULL,
    score_id    integer NOT NULL,
    metric      text COLLATE "C" NOT NULL,
    name        text COLLATE "C" NOT NULL,
    kinds       integer NOT NULL DEFAULT 0,
    PRIMARY KEY (result_key, score_id)
);

-- Items are stored once per row digest, whichever results share them (a reference table under Citus).
CREATE TABLE items (
    digest  text COLLATE "C" PRIMARY KEY,
    item    bytea NOT NULL
);
-- Exports look an item up per row; a hash index answers that in about half the page visits of the primary key.
CREATE INDEX items_lookup ON items USING hash (digest);

CREATE TABLE rows (
    result_key  bigint NOT NULL,
    row_index   bigint NOT NULL,
    trial       integer NOT NULL,
    digest      text COLLATE "C" NOT NULL,
    errors      integer NOT NULL DEFAULT 0,
    body        bytea NOT NULL,
    PRIMARY KEY (result_key, row_index, trial)
);

-- NaN is a NULL value without a label; rubric and text scores keep their label.
CREATE TABLE scores (
    result_key  bigint NOT NULL,
    score_id    integer NOT NULL,
    row_index   bigint NOT NULL,
    trial       integer NOT NULL,
    value       double precision,
    label       text COLLATE "C",
    PRIMARY KEY (result_key, score_id, row_index, trial)
);

CREATE TABLE aggregates (
    result_key  bigint NOT NULL,
    score_id    integer NOT NULL,
    body        json NOT NULL,
    PRIMARY KEY (result_key, score_id)
);

-- One row per appended batch that carried an Idempotency-Key: a retry returns the stored outcome.
CREATE TABLE batches (
    result_key       bigint NOT NULL,
    idempotency_key  text COLLATE "C" NOT NULL,
    outcome          json NOT NULL,
    created_at       timestamptz NOT NULL,
    PRIMARY KEY (result_key, idempotency_key)
);
