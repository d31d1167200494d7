-- Column chunks, as in SQLite: each appended batch also writes, per chunk of rows, the rows' positions and digests and
-- each score's positions, numbers and labels as flat little-endian arrays (Storage/Columns). Completion aggregates
-- from them and compare joins results with them, reading a few megabytes of blobs instead of a million tuples; the
-- scores table stays for row queries and the BI views. Layout: positions int64 (row_index << 20 | trial); numbers
-- float64 (NaN: no number); labels (only when some value has one) an int32 length (-1: none) and UTF-8 bytes per value;
-- digests 43 ASCII bytes per row. STORAGE EXTERNAL: the blobs are read whole and hardly compress (PostgreSQL would
-- try), so they are kept out of line uncompressed.
CREATE TABLE score_chunks (
    result_key  bigint NOT NULL,
    score_id    integer NOT NULL,
    chunk       integer NOT NULL,
    positions   bytea NOT NULL,
    numbers     bytea NOT NULL,
    labels      bytea,
    PRIMARY KEY (result_key, score_id, chunk)
);
ALTER TABLE score_chunks ALTER COLUMN positions SET STORAGE EXTERNAL, ALTER COLUMN numbers SET STORAGE EXTERNAL,
    ALTER COLUMN labels SET STORAGE EXTERNAL;

CREATE TABLE row_chunks (
    result_key  bigint NOT NULL,
    chunk       integer NOT NULL,
    positions   bytea NOT NULL,
    digests     bytea NOT NULL,
    PRIMARY KEY (result_key, chunk)
);
ALTER TABLE row_chunks ALTER COLUMN positions SET STORAGE EXTERNAL, ALTER COLUMN digests SET STORAGE EXTERNAL;

-- Chunks written so far (the next chunk's number). Results created before this migration have no chunks for the rows
-- they hold: they keep columnar = false and are read from the scores and rows tables as before.
ALTER TABLE results ADD COLUMN chunk_count integer NOT NULL DEFAULT 0;
ALTER TABLE results ADD COLUMN columnar boolean NOT NULL DEFAULT false;
ALTER TABLE results ALTER COLUMN columnar SET DEFAULT true;
