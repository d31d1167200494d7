-- Per-result side documents (IServerStore.*DocumentsAsync): small JSON values under printable-ASCII keys, owned by
-- one result and purged with it. Vendor surfaces keep here what is not a row, e.g. Weave's pending predictions.
CREATE TABLE result_documents (
    result_key  INTEGER NOT NULL,
    key         TEXT NOT NULL,
    body        BLOB NOT NULL,
    updated_at  TEXT NOT NULL,
    PRIMARY KEY (result_key, key)
) WITHOUT ROWID;
