-- Rows clustered by their position: one tree keyed (result_key, row_index, trial) instead of a table plus a unique
-- index on the same key. An ingested row is one tree insert fewer (appended at the end of its result's range), and
-- reading a result's rows in order walks one tree.
CREATE TABLE rows_by_position (
    result_key  INTEGER NOT NULL,
    row_index   INTEGER NOT NULL,
    trial       INTEGER NOT NULL,
    item        INTEGER NOT NULL,
    errors      INTEGER NOT NULL DEFAULT 0,
    body        BLOB NOT NULL,
    PRIMARY KEY (result_key, row_index, trial)
) WITHOUT ROWID;
INSERT INTO rows_by_position (result_key, row_index, trial, item, errors, body)
    SELECT result_key, row_index, trial, item, errors, body FROM rows;
DROP TABLE rows;
ALTER TABLE rows_by_position RENAME TO rows;
-- Which results hold an item ("the same item in other results").
CREATE INDEX rows_item ON rows (item, result_key);
