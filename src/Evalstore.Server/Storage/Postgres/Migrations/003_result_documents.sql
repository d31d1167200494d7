-- Per-result side documents (IServerStore.*DocumentsAsync): small JSON values under printable-ASCII keys, owned by
-- one result and purged with it. Vendor surfaces keep here what is not a row, e.g. Weave's pending predictions.
-- The key is COLLATE "C" so that a prefix scan (key >= prefix AND key < prefix || E'\x7f') and ORDER BY key follow
-- byte order, as in SQLite. The body is the JSON's UTF-8 bytes as given. Keyed by result_key first, without a foreign
-- key, like the other per-result tables (distributable by result, see docs/postgres.md).
CREATE TABLE result_documents (
    result_key  bigint NOT NULL,
    key         text COLLATE "C" NOT NULL,
    body        bytea NOT NULL,
    updated_at  timestamptz NOT NULL,
    PRIMARY KEY (result_key, key)
);
