-- Every gate evaluation (POST /gate, `evalstore gate`), kept so reports can list gate outcomes. The body is the whole
-- evaluation (request with its thresholds, report with the results compared and every check) as UTF-8 JSON; the
-- columns beside it are what listings filter on. No foreign key: the history outlives a deleted result.
CREATE TABLE gate_evaluations (
    id            uuid PRIMARY KEY,
    workspace     text COLLATE "C" NOT NULL,
    project       text COLLATE "C" NOT NULL,
    result_id     uuid NOT NULL,
    baseline_id   uuid,
    passed        boolean NOT NULL,
    evaluated_at  timestamptz NOT NULL,
    body          bytea NOT NULL
);
CREATE INDEX gate_evaluations_time ON gate_evaluations (workspace, evaluated_at);
