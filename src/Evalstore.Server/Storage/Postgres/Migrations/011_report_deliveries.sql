-- Every scheduled report sent to a webhook (serve --report … --report-webhook …): when it was due, when the attempts
-- started and ended, how many there were, how it ended and why. The webhook is kept without its path (often a secret).
CREATE TABLE report_deliveries (
    id             uuid PRIMARY KEY,
    workspace      text COLLATE "C" NOT NULL,
    webhook        text NOT NULL,
    scheduled_for  timestamptz NOT NULL,
    started_at     timestamptz NOT NULL,
    finished_at    timestamptz NOT NULL,
    status         text NOT NULL,
    attempts       integer NOT NULL,
    http_status    integer,
    error          text
);
CREATE INDEX report_deliveries_time ON report_deliveries (workspace, started_at);
