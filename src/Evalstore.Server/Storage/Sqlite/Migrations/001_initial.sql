-- Evalstore schema for SQLite. Timestamps are UTC text 'YYYY-MM-DDTHH:MM:SS.ffffffZ' (sortable and readable);
-- JSON documents are UTF-8 BLOBs (read them with CAST(x AS TEXT)); results have a compact integer key used by
-- the large tables, which are all keyed by it first.

CREATE TABLE workspaces (
    name        TEXT PRIMARY KEY,
    created_at  TEXT NOT NULL
) WITHOUT ROWID;

CREATE TABLE api_keys (
    id           TEXT PRIMARY KEY,
    workspace    TEXT NOT NULL,
    role         TEXT NOT NULL,
    hash         BLOB NOT NULL UNIQUE,
    prefix       TEXT NOT NULL,
    description  TEXT,
    created_at   TEXT NOT NULL,
    revoked_at   TEXT
);

CREATE TABLE results (
    result_key         INTEGER PRIMARY KEY,
    id                 TEXT NOT NULL UNIQUE,
    workspace          TEXT NOT NULL,
    project            TEXT NOT NULL,
    name               TEXT NOT NULL,
    kind               TEXT NOT NULL,
    status             TEXT NOT NULL,
    model              TEXT,
    dataset            TEXT,
    metric             TEXT,
    benchmark          TEXT,
    evaluation         TEXT,
    labels             TEXT NOT NULL DEFAULT '{}',
    config             TEXT,
    created_by         TEXT,
    spec               TEXT NOT NULL DEFAULT '{}',
    created_at         TEXT NOT NULL,
    updated_at         TEXT NOT NULL,
    queued_at          TEXT,
    started_at         TEXT,
    finished_at        TEXT,
    error_description  TEXT,
    pass_status        INTEGER,
    row_count          INTEGER NOT NULL DEFAULT 0,
    item_count         INTEGER NOT NULL DEFAULT 0,
    max_trials         INTEGER NOT NULL DEFAULT 0,
    next_row_index     INTEGER NOT NULL DEFAULT 0,
    chunk_count        INTEGER NOT NULL DEFAULT 0,
    deleted_at         TEXT
);
-- A name is unique among the live results of a workspace; a deleted result frees its name at once.
CREATE UNIQUE INDEX results_name ON results (workspace, name) WHERE deleted_at IS NULL;
CREATE INDEX results_created ON results (workspace, created_at);

CREATE TABLE score_keys (
    result_key  INTEGER NOT NULL,
    score_id    INTEGER NOT NULL,
    metric      TEXT NOT NULL,
    name        TEXT NOT NULL,
    kinds       INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (result_key, score_id)
) WITHOUT ROWID;

-- Items are stored once per row digest, whichever results share them.
CREATE TABLE items (
    digest  TEXT PRIMARY KEY,
    item    BLOB NOT NULL
) WITHOUT ROWID;

CREATE TABLE rows (
    result_key  INTEGER NOT NULL,
    row_index   INTEGER NOT NULL,
    trial       INTEGER NOT NULL,
    digest      TEXT NOT NULL,
    errors      INTEGER NOT NULL DEFAULT 0,
    body        BLOB NOT NULL
);
CREATE UNIQUE INDEX rows_position ON rows (result_key, row_index, trial);
CREATE INDEX rows_digest ON rows (digest, result_key);

-- Score values are kept as column chunks, not a row per value: one chunk per score per appended batch, merged
-- into one sorted chunk at completion. positions: little-endian int64 (row_index << 20 | trial); numbers:
-- little-endian float64 (NaN: no number); labels (only when some value is a label): per value an int32 length
-- (-1: none) and UTF-8 bytes.
CREATE TABLE score_chunks (
    result_key  INTEGER NOT NULL,
    score_id    INTEGER NOT NULL,
    chunk       INTEGER NOT NULL,
    positions   BLOB NOT NULL,
    numbers     BLOB NOT NULL,
    labels      BLOB,
    PRIMARY KEY (result_key, score_id, chunk)
);

-- The row digests of each batch in the same layout (43 ASCII bytes per digest), for joins across results.
CREATE TABLE row_chunks (
    result_key  INTEGER NOT NULL,
    chunk       INTEGER NOT NULL,
    positions   BLOB NOT NULL,
    digests     BLOB NOT NULL,
    PRIMARY KEY (result_key, chunk)
);

CREATE TABLE aggregates (
    result_key  INTEGER NOT NULL,
    score_id    INTEGER NOT NULL,
    body        BLOB NOT NULL,
    PRIMARY KEY (result_key, score_id)
) WITHOUT ROWID;

-- One row per appended batch that carried an Idempotency-Key: a retry returns the stored outcome.
CREATE TABLE batches (
    result_key       INTEGER NOT NULL,
    idempotency_key  TEXT NOT NULL,
    outcome          BLOB NOT NULL,
    created_at       TEXT NOT NULL,
    PRIMARY KEY (result_key, idempotency_key)
) WITHOUT ROWID;
