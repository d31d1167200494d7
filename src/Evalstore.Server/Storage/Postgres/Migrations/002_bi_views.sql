-- Read-only views for BI tools and notebooks (Looker, Metabase, pandas.read_sql). They are a stable interface:
-- columns may be added at the end, never renamed, retyped or removed; the tables behind them may change. Deleted
-- results are excluded. docs/postgres.md documents every column and a read-only role that can select only these.

CREATE VIEW evalstore_results AS
SELECT
    r.id                 AS result_id,
    r.workspace,
    r.project,
    r.name,
    r.kind,
    r.status,
    r.model,
    r.dataset,
    r.metric,
    r.benchmark,
    r.evaluation,
    r.labels,
    r.config,
    r.created_by,
    r.created_at,
    r.updated_at,
    r.started_at,
    r.finished_at,
    r.error_description,
    r.pass_status,
    r.row_count,
    r.item_count,
    r.max_trials
FROM results r
WHERE r.deleted_at IS NULL;

CREATE VIEW evalstore_aggregates AS
SELECT
    r.id                                          AS result_id,
    r.workspace,
    r.project,
    r.name                                        AS result_name,
    r.model,
    r.dataset,
    r.finished_at,
    k.metric,
    k.name                                        AS score,
    a.body ->> 'score_type'                       AS score_type,
    (a.body ->> 'count')::bigint                  AS count,
    (a.body ->> 'nan_count')::bigint              AS nan_count,
    (a.body ->> 'item_count')::bigint             AS item_count,
    (a.body ->> 'sum')::double precision          AS sum,
    (a.body ->> 'mean')::double precision         AS mean,
    (a.body ->> 'min')::double precision          AS min,
    (a.body ->> 'max')::double precision          AS max,
    (a.body ->> 'variance')::double precision     AS variance,
    (a.body ->> 'std_dev')::double precision      AS std_dev,
    (a.body ->> 'std_err')::double precision      AS std_err,
    (a.body ->> 'ci_low')::double precision       AS ci_low,
    (a.body ->> 'ci_high')::double precision      AS ci_high,
    (a.body -> 'percentiles' ->> 'p50')::double precision AS median,
    (a.body ->> 'pass_rate')::double precision    AS pass_rate,
    (a.body ->> 'pass_count')::bigint             AS pass_count,
    a.body ->> 'mode_category'                    AS mode_category,
    (a.body ->> 'higher_is_better')::boolean      AS higher_is_better,
    a.body                                        AS aggregate
FROM aggregates a
JOIN score_keys k ON k.result_key = a.result_key AND k.score_id = a.score_id
JOIN results r ON r.result_key = a.result_key
WHERE r.deleted_at IS NULL;

CREATE VIEW evalstore_row_scores AS
SELECT
    r.id                                           AS result_id,
    r.workspace,
    r.project,
    r.name                                         AS result_name,
    r.model,
    s.row_index,
    s.trial,
    w.digest                                       AS row_digest,
    k.metric,
    k.name                                         AS score,
    s.value,
    s.label,
    convert_from(i.item, 'UTF8')::json             AS item,
    convert_from(w.body, 'UTF8')::json -> 'sample' AS sample
FROM scores s
JOIN score_keys k ON k.result_key = s.result_key AND k.score_id = s.score_id
JOIN rows w ON w.result_key = s.result_key AND w.row_index = s.row_index AND w.trial = s.trial
JOIN items i ON i.digest = w.digest
JOIN results r ON r.result_key = s.result_key
WHERE r.deleted_at IS NULL;
