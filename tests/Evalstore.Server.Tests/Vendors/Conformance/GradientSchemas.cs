namespace Evalstore.Server.Tests.Vendors.Conformance;

/// <summary>
/// DigitalOcean's gen-ai schemas as field lists, written from digitalocean/openapi at commit 7c1300c4 (2026-08-07):
/// specification/resources/gen-ai/definitions.yml (schemas, enums), shared/models/error.yml (error body),
/// shared/headers.yml (ratelimit headers), shared/parameters.yml (per_page). No field there is nullable; Evalstore
/// writes scalars always (proto3 defaults), so they are required here, and messages and timestamps only when set.
/// </summary>
public static class GradientSchemas
{
    public static readonly string[] RunStatuses =
    [
        "EVALUATION_RUN_STATUS_UNSPECIFIED", "EVALUATION_RUN_QUEUED", "EVALUATION_RUN_RUNNING_DATASET", "EVALUATION_RUN_EVALUATING_RESULTS",
        "EVALUATION_RUN_CANCELLING", "EVALUATION_RUN_CANCELLED", "EVALUATION_RUN_SUCCESSFUL", "EVALUATION_RUN_PARTIALLY_SUCCESSFUL",
        "EVALUATION_RUN_FAILED",
    ];

    public static readonly string[] ModelRunStatuses =
    [
        "MODEL_EVALUATION_RUN_STATUS_UNSPECIFIED", "MODEL_EVALUATION_RUN_QUEUED", "MODEL_EVALUATION_RUN_RUNNING_DATASET",
        "MODEL_EVALUATION_RUN_EVALUATING_RESULTS", "MODEL_EVALUATION_RUN_CANCELLING", "MODEL_EVALUATION_RUN_CANCELLED",
        "MODEL_EVALUATION_RUN_SUCCESSFUL", "MODEL_EVALUATION_RUN_PARTIALLY_SUCCESSFUL", "MODEL_EVALUATION_RUN_FAILED",
    ];

    public static readonly string[] ValueTypes =
        ["METRIC_VALUE_TYPE_UNSPECIFIED", "METRIC_VALUE_TYPE_NUMBER", "METRIC_VALUE_TYPE_STRING", "METRIC_VALUE_TYPE_PERCENTAGE"];

    public static readonly string[] ResultStatuses =
    [
        "EVALUATION_METRIC_RESULT_STATUS_UNSPECIFIED", "EVALUATION_METRIC_RESULT_STATUS_COMPLETED",
            "EVALUATION_METRIC_RESULT_STATUS_FAILED",
        "EVALUATION_METRIC_RESULT_STATUS_SKIPPED",
    ];

    public static readonly string[] CandidateSources =
        ["CANDIDATE_MODEL_SOURCE_SERVERLESS", "CANDIDATE_MODEL_SOURCE_DEDICATED", "CANDIDATE_MODEL_SOURCE_ROUTER"];

    public static readonly WireShape MetricResult = new("apiEvaluationMetricResult", Closed: true,
        Str("error_description"), Str("metric_name"), Str("metric_uuid"), Enum("metric_value_type", ValueTypes), Num("number_value"),
        Str("reasoning"), Enum("status", ResultStatuses), Str("string_value"));

    public static readonly WireShape Run = new("apiEvaluationRun", Closed: true,
        Bool("agent_deleted"), Str("agent_deployment_name"), Str("agent_name"), Str("agent_uuid"), Str("agent_version_hash"),
        Str("agent_workspace_uuid"), Str("created_by_user_email"), new Field("created_by_user_id", Wire.Uint64String, Required: true),
        Str("error_description"), Str("evaluation_run_uuid"), Str("evaluation_test_case_workspace_uuid"), Time("finished_at"),
        Bool("pass_status"), Time("queued_at"), List("run_level_metric_results", MetricResult), Str("run_name"),
        new Field("star_metric_result", Wire.Object, Shape: MetricResult), Time("started_at"), Enum("status", RunStatuses),
        Str("test_case_description"), Str("test_case_name"), Str("test_case_uuid"), Int("test_case_version"));

    public static readonly WireShape Chunk = new("apiPromptChunk", Closed: true,
        Num("chunk_usage_pct"), Bool("chunk_used"), Str("index_uuid"), Str("source_name"), Str("text"));

    public static readonly WireShape Prompt = new("apiPrompt", Closed: true,
        new Field("evaluation_trace_spans", Wire.Array, Required: true), Str("ground_truth"), Str("input"),
        new Field("input_tokens", Wire.Uint64String, Required: true), Str("output"), new Field("output_tokens", Wire.Uint64String,
            Required: true),
        List("prompt_chunks", Chunk), Int("prompt_id"), List("prompt_level_metric_results", MetricResult), Str("trace_id"));

    /// <summary><c>apiPages</c>: every key optional (only the meaningful links are written), each an absolute URL.</summary>
    public static readonly WireShape Pages = new("apiPages", Closed: true,
        new Field("first", Wire.String), new Field("last", Wire.String), new Field("next", Wire.String), new Field("previous",
            Wire.String));

    public static readonly WireShape Links = new("apiLinks", Closed: true, new Field("pages", Wire.Object, Required: true, Shape: Pages));

    public static readonly WireShape Meta = new("apiMeta", Closed: true, Int("page"), Int("pages"), Int("total"));

    public static readonly WireShape ResultsOutput = new("apiGetEvaluationRunResultsOutput", Closed: true,
        Obj("evaluation_run", Run), Obj("links", Links), Obj("meta", Meta), List("prompts", Prompt));

    public static readonly WireShape Metric = new("apiEvaluationMetric", Closed: true,
        new Field("associated_presets", Wire.Array, Required: true), Enum("category", ["METRIC_CATEGORY_UNSPECIFIED",
            "METRIC_CATEGORY_CORRECTNESS",
            "METRIC_CATEGORY_USER_OUTCOMES", "METRIC_CATEGORY_SAFETY_AND_SECURITY", "METRIC_CATEGORY_CONTEXT_QUALITY",
                "METRIC_CATEGORY_MODEL_FIT"]),
        new Field("custom_eval_config", Wire.Object), Str("description"),
        Enum("evaluation_scope", ["EVALUATION_SCOPE_UNSPECIFIED", "EVALUATION_SCOPE_AGENT", "EVALUATION_SCOPE_MODEL"]), Bool("inverted"),
        Bool("is_metric_goal"), Str("metric_name"), Int("metric_rank"), Enum("metric_type", ["METRIC_TYPE_UNSPECIFIED",
            "METRIC_TYPE_GENERAL_QUALITY",
            "METRIC_TYPE_RAG_AND_TOOL", "METRIC_TYPE_MODEL_QUALITY", "METRIC_TYPE_MODEL_SAFETY"]), Str("metric_uuid"),
        Enum("metric_value_type", ValueTypes), Num("range_max"), Num("range_min"),
        Enum("source", ["EVALUATION_METRIC_SOURCE_UNSPECIFIED", "EVALUATION_METRIC_SOURCE_BUILTIN", "EVALUATION_METRIC_SOURCE_CUSTOM"]));

    public static readonly WireShape StarMetric = new("apiStarMetric", Closed: true,
        Str("metric_uuid"), Str("name"), Num("success_threshold"), Int("success_threshold_pct"));

    public static readonly WireShape Dataset = new("apiEvaluationDataset", Closed: true,
        Time("created_at"), Str("dataset_name"), Enum("dataset_type", ["EVALUATION_DATASET_TYPE_UNKNOWN", "EVALUATION_DATASET_TYPE_ADK",
            "EVALUATION_DATASET_TYPE_NON_ADK", "EVALUATION_DATASET_TYPE_MODEL"]), Str("dataset_uuid"),
        new Field("file_size", Wire.Uint64String, Required: true), Bool("has_ground_truth"), Int("row_count"));

    public static readonly WireShape TestCase = new("apiEvaluationTestCase", Closed: true,
        Time("archived_at"), Time("created_at"), Str("created_by_user_email"), new Field("created_by_user_id", Wire.Uint64String,
            Required: true),
        new Field("dataset", Wire.Object, Shape: Dataset), Str("dataset_name"), Str("dataset_uuid"), Str("description"),
        Int("latest_version_number_of_runs"), List("metrics", Metric), Str("name"), new Field("star_metric", Wire.Object,
            Shape: StarMetric),
        Str("test_case_uuid"), Int("total_runs"), Time("updated_at"), Str("updated_by_user_email"),
        new Field("updated_by_user_id", Wire.Uint64String, Required: true), Int("version"));

    public static readonly WireShape Progress = new("apiModelEvaluationRunProgress", Closed: true,
        Int("candidate_rows_evaluated"), Int("judge_rows_evaluated"), Int("total_rows"));

    public static readonly WireShape ModelRunSummary = new("apiModelEvaluationRunSummary", Closed: true,
        Str("candidate_model_name"), Enum("candidate_model_source", CandidateSources), Str("candidate_model_uuid"), Time("created_at"),
        Str("dataset_name"), Str("dataset_uuid"), Str("eval_run_uuid"), Str("judge_model_name"), Str("judge_model_uuid"), Str("name"),
        Obj("progress", Progress), Enum("status", ModelRunStatuses));

    public static readonly WireShape MetricSummary = new("apiMetricResultSummary", Closed: true,
        Str("description"), Int("fail_count"), Num("fail_percent"), Str("metric_name"), Str("metric_uuid"), Int("pass_count"),
        Num("pass_percent"), Num("skip_percent"), Int("skipped_count"));

    public static readonly WireShape ResultSummary = new("apiModelEvaluationRunResultSummary", Closed: true,
        Time("end_time"), List("metric_summaries", MetricSummary), Num("overall_score_percent"),
        new Field("per_model_summaries", Wire.Object), new Field("per_task_summaries", Wire.Object), new Field("performance_metrics",
            Wire.Object),
        new Field("pricing", Wire.Object), new Field("star_metric_summary", Wire.Object, Shape: new("apiStarMetricSummary", Closed: true,
            Str("metric_name"), Str("metric_uuid"), Num("threshold"))), Time("start_time"), Int("total_duration_seconds"));

    public static readonly WireShape ModelRunDetail = new("apiModelEvaluationRunDetail", Closed: true,
        new Field("candidate_inference_config", Wire.Object), Str("candidate_model_name"), Enum("candidate_model_source", CandidateSources),
        Str("candidate_model_uuid"), Time("completed_at"), Time("created_at"), Str("dataset_name"), Str("dataset_uuid"),
            Str("error_description"),
        Str("eval_preset_name"), Str("eval_preset_uuid"), Str("eval_run_uuid"), Str("judge_model_name"), Str("judge_model_uuid"),
        List("metrics", Metric), Str("name"), Obj("progress", Progress), new Field("result_summary", Wire.Object, Shape: ResultSummary),
        new Field("star_metric", Wire.Object, Shape: StarMetric), Time("started_at"), Enum("status", ModelRunStatuses));

    public static readonly WireShape ModelResult = new("apiModelEvaluationResult", Closed: true,
        Str("candidate_model_name"), Str("candidate_model_uuid"), Str("candidate_routed_task"), Str("ground_truth"), Str("input"),
        List("metric_results", MetricResult), Str("output"));

    public static readonly WireShape ModelRunsList = new("apiListModelEvaluationRunsOutput", Closed: true,
        new Field("available_candidate_types", Wire.Array, Required: true, ItemType: Wire.String),
        new Field("available_statuses", Wire.Array, Required: true, ItemType: Wire.String), Obj("links", Links), Obj("meta", Meta),
        List("runs", ModelRunSummary));

    public static readonly WireShape ModelRunGet = new("apiGetModelEvaluationRunOutput", Closed: true,
        Obj("links", Links), Obj("meta", Meta), List("results", ModelResult), Obj("run", ModelRunDetail));

    public static readonly WireShape DeleteOutput = new("apiDeleteModelEvaluationRunOutputPublic", Closed: true,
        Str("error"), Enum("status", ["DELETE_MODEL_EVALUATION_RUN_STATUS_UNSPECIFIED", "DELETE_MODEL_EVALUATION_RUN_STATUS_SUCCESS",
            "DELETE_MODEL_EVALUATION_RUN_STATUS_FAIL"]));

    public static readonly WireShape DownloadUrl = new("apiGetModelEvaluationRunResultsDownloadURLOutput", Closed: true,
        Str("download_url"), Time("expires_at", required: true));

    /// <summary><c>shared/models/error.yml</c>: id and message required, request_id optional.</summary>
    public static readonly WireShape Error = new("error", Closed: true, Str("id"), Str("message"), new Field("request_id", Wire.String));

    private static Field Str(string name) => new(name, Wire.String, Required: true);

    private static Field Int(string name) => new(name, Wire.Integer, Required: true);

    private static Field Num(string name) => new(name, Wire.Number, Required: true);

    private static Field Bool(string name) => new(name, Wire.Boolean, Required: true);

    private static Field Time(string name, bool required = false) => new(name, Wire.DateTime, Required: required);

    private static Field Enum(string name, string[] values) => new(name, Wire.String, Required: true, Enum: values);

    private static Field Obj(string name, WireShape shape) => new(name, Wire.Object, Required: true, Shape: shape);

    private static Field List(string name, WireShape items) => new(name, Wire.Array, Required: true, Items: items);
}
