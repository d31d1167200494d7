-- Every gate evaluation (POST /gate, `evalstore gate`), kept so reports can list gate outcomes. The body is the whole
-- evaluation (request with its thresholds, report with the results compared and every check) as UTF-8 JSON; the
-- columns beside it are what listings filter on. No foreign key: the history outlives a deleted result.
CREATE TABLE gate_evaluations (
    id            TEXT PRIMARY KEY,
    workspace     TEXT NOT NULL,
    project       TEXT NOT NULL,
    result_id     TEXT NOT NULL,
    baseline_id   TEXT,
    passed        INTEGER NOT NULL,
    evaluated_at  TEXT NOT NULL,
    body          BLOB NOT NULL
);
CREATE INDEX gate_evaluations_time ON gate_evaluations (workspace, evaluated_at);
