-- The leaderboard's maintained summary (issue 15): the latest completed live result per (workspace, model, dataset) and
-- per (workspace, model, benchmark), so a leaderboard reads one row per model instead of every result of the dataset.
-- The stores keep it inside the transactions that complete, fail, delete, prune or copy a result (Sql/LatestResults).
-- model_key is 'm' || model, or '' for results without a model, so an empty model name and no model stay apart.
-- "Latest" is the order the leaderboard always used: created_at, then result_key.
CREATE TABLE latest_results (
    workspace   TEXT NOT NULL,
    scope       TEXT NOT NULL CHECK (scope IN ('dataset', 'benchmark')),
    scope_value TEXT NOT NULL,
    model_key   TEXT NOT NULL,
    result_key  INTEGER NOT NULL,
    created_at  TEXT NOT NULL,
    PRIMARY KEY (workspace, scope, scope_value, model_key)
) WITHOUT ROWID;
-- Deleting a result finds the summary rows that point at it.
CREATE INDEX latest_results_result ON latest_results (result_key);

-- Backfill from the results already stored.
INSERT INTO latest_results (workspace, scope, scope_value, model_key, result_key, created_at)
SELECT workspace, 'dataset', dataset, COALESCE('m' || model, ''), result_key, created_at FROM (
    SELECT workspace, dataset, model, result_key, created_at, row_number() OVER (
        PARTITION BY workspace, dataset, model ORDER BY created_at DESC, result_key DESC) AS latest
    FROM results WHERE deleted_at IS NULL AND status = 'completed' AND dataset IS NOT NULL)
WHERE latest = 1;
INSERT INTO latest_results (workspace, scope, scope_value, model_key, result_key, created_at)
SELECT workspace, 'benchmark', benchmark, COALESCE('m' || model, ''), result_key, created_at FROM (
    SELECT workspace, benchmark, model, result_key, created_at, row_number() OVER (
        PARTITION BY workspace, benchmark, model ORDER BY created_at DESC, result_key DESC) AS latest
    FROM results WHERE deleted_at IS NULL AND status = 'completed' AND benchmark IS NOT NULL)
WHERE latest = 1;
