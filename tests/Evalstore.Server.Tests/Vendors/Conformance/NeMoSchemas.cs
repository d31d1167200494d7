namespace Evalstore.Server.Tests.Vendors.Conformance;

/// <summary>
/// NVIDIA NeMo Evaluator's result models as field lists, written from the Stainless-generated SDK in
/// Zenodia/nemo-platform (a mirror of NVIDIA-NeMo/nemo-platform) at commit f20bd5aa, sdk/python/nemo-platform/src/
/// nemo_platform/types/evaluation/{aggregate_range_score,aggregate_rubric_score,row_score,metric_output}.py and
/// types/shared/{platform_job_result_response,validation_error}.py; routes from NVIDIA-NeMo/nemo-platform 2833e74a
/// resources/evaluation/api.md. The server writes with exclude_none, so optional fields are absent, never null.
/// </summary>
public static class NeMoSchemas
{
    public static readonly WireShape Bin = new("HistogramBin", true,
        new Field("lower_bound", Wire.Number, true), new Field("upper_bound", Wire.Number, true), new Field("count", Wire.Integer, true));

    public static readonly WireShape Percentiles = new("Percentiles", true,
        [.. new[] { "p10", "p20", "p30", "p40", "p50", "p60", "p70", "p80", "p90", "p100" }.Select(p => new Field(p, Wire.Number, true))]);

    private static readonly Field[] s_base =
    [
        new("name", Wire.String, true), new("count", Wire.Integer, true), new("nan_count", Wire.Integer), new("sum", Wire.Number),
        new("mean", Wire.Number), new("min", Wire.Number), new("max", Wire.Number), new("std_dev", Wire.Number), new("variance",
            Wire.Number),
    ];

    public static readonly WireShape RangeScore = new("AggregateRangeScore", true,
        [.. s_base, new("score_type", Wire.String, Enum: ["range"]), new("percentiles", Wire.Object, Shape: Percentiles),
            new("histogram", Wire.Object, Shape: new("Histogram", true, new Field("bins", Wire.Array, true, Items: Bin)))]);

    public static readonly WireShape RubricScore = new("AggregateRubricScore", true,
        [.. s_base, new("score_type", Wire.String, Enum: ["rubric"]), new("mode_category", Wire.String),
            new("rubric_distribution", Wire.Array, Items: new("RubricScoreStat", true, new Field("label", Wire.String, true),
                new Field("description", Wire.String), new Field("value", Wire.Number, true), new Field("count", Wire.Integer, true)))]);

    private static readonly Field[] s_entity =
    [
        new("id", Wire.String, true), new("entity_id", Wire.String, true), new("parent", Wire.String, true), new("workspace", Wire.String,
            true),
        new("name", Wire.String), new("project", Wire.String), new("created_at", Wire.DateTime, true), new("updated_at", Wire.DateTime,
            true),
        new("created_by", Wire.String), new("updated_by", Wire.String), new("dataset", Wire.String), new("model", Wire.String),
        new("labels", Wire.Object),
    ];

    /// <summary><c>MetricJobResult</c>; its scores are checked one by one (range or rubric by <c>score_type</c>).</summary>
    public static readonly WireShape MetricJobResult = new("MetricJobResult", true,
        [.. s_entity, new("scores", Wire.Array, true), new("metric", Wire.String)]);

    public static readonly WireShape BenchmarkMetricResult = new("BenchmarkMetricResult", true,
        new Field("metric", Wire.String), new Field("scores", Wire.Array, true));

    public static readonly WireShape BenchmarkJobResult = new("BenchmarkJobResult", true,
        [.. s_entity, new("benchmark", Wire.String, true), new("metrics", Wire.Array, ItemType: Wire.String),
            new("results", Wire.Array, true, Items: BenchmarkMetricResult)]);

    public static readonly WireShape Pagination = new("PaginationData", true,
        new Field("page", Wire.Integer, true), new Field("page_size", Wire.Integer, true), new Field("current_page_size", Wire.Integer,
            true),
        new Field("total_pages", Wire.Integer, true), new Field("total_results", Wire.Integer, true));

    /// <summary><c>RowScore</c>: extra keys allowed; <c>metrics</c> (a dict of <see cref="MetricOutput"/> lists) is checked
    /// apart.</summary>
    public static readonly WireShape RowScore = new("RowScore", false,
        new Field("item", Wire.Object, true), new Field("metrics", Wire.Object, true), new Field("requests", Wire.Array, true,
            ItemType: Wire.Object),
        new Field("sample", Wire.Object, true), new Field("metric_errors", Wire.Object), new Field("row_index", Wire.Integer));

    /// <summary><c>MetricOutput</c> exactly: a name and a number or "NaN".</summary>
    public static readonly WireShape MetricOutput = new("MetricOutput", true,
        new Field("name", Wire.String, true), new Field("value", Wire.NumberOrNaN, true));

    public static readonly WireShape JobResult = new("PlatformJobResultResponse", true,
        new Field("artifact_storage_type", Wire.String, true, Enum: ["fileset"]), new Field("artifact_url", Wire.String, true),
        new Field("job", Wire.String, true), new Field("name", Wire.String, true), new Field("workspace", Wire.String, true),
        new Field("created_at", Wire.DateTime), new Field("download_url", Wire.String), new Field("project", Wire.String),
        new Field("updated_at", Wire.DateTime));

    public static readonly WireShape JobResultList = new("PlatformJobListResultResponse", true, new Field("data", Wire.Array, true,
        Items: JobResult));

    /// <summary>FastAPI's <c>HTTPException</c> body.</summary>
    public static readonly WireShape Error = new("HTTPException", true, new Field("detail", Wire.String, true));

    /// <summary>FastAPI's <c>HTTPValidationError</c>.</summary>
    public static readonly WireShape ValidationError = new("HTTPValidationError", true, new Field("detail", Wire.Array, true,
        Items: new("ValidationError", true, new Field("loc", Wire.Array, true), new Field("msg", Wire.String, true),
            new Field("type", Wire.String, true), new Field("ctx", Wire.Object), new Field("input", Wire.Any))));
}
