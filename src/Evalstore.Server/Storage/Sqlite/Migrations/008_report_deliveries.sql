-- Every scheduled report sent to a webhook (serve --report … --report-webhook …): when it was due, when the attempts
-- started and ended, how many there were, how it ended and why. The webhook is kept without its path (often a secret).
CREATE TABLE report_deliveries (
    id             TEXT PRIMARY KEY,
    workspace      TEXT NOT NULL,
    webhook        TEXT NOT NULL,
    scheduled_for  TEXT NOT NULL,
    started_at     TEXT NOT NULL,
    finished_at    TEXT NOT NULL,
    status         TEXT NOT NULL,
    attempts       INTEGER NOT NULL,
    http_status    INTEGER,
    error          TEXT
);
CREATE INDEX report_deliveries_time ON report_deliveries (workspace, started_at);
