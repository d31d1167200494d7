-- Corpus-level scores (one value for a whole result, e.g. corpus BLEU) have an aggregate but no score key: they are
-- stored under negative score ids, as in SQLite. The view takes metric and score name from the aggregate itself, so
-- they appear in it beside the row-based scores. Same columns, names and types as before (a stable interface).
CREATE OR REPLACE VIEW evalstore_aggregates AS
SELECT
    r.id                                          AS result_id,
    r.workspace,
    r.project,
    r.name                                        AS result_name,
    r.model,
    r.dataset,
    r.finished_at,
    (a.body ->> 'metric') COLLATE "C"             AS metric,
    (a.body ->> 'name') COLLATE "C"               AS score,
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
JOIN results r ON r.result_key = a.result_key
WHERE r.deleted_at IS NULL;
