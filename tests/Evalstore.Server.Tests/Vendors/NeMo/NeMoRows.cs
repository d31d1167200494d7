using Evalstore.Core.Model;
using Evalstore.Server.Tests.Support;

namespace Evalstore.Server.Tests.Vendors.NeMo;

/// <summary>Results shaped like NeMo's documentation examples.</summary>
public static class NeMoRows
{
    public const string Workspace = "my-workspace";

    /// <summary>Seed 004's five rows as the benchmark job result <c>my-job-name</c>.</summary>
    public static Task<ResultInfo> ImportSeed004Async(VendorServer vendor, string name = "my-job-name") =>
        vendor.ImportAsync(Workspace, new RunSpec
        {
            Name = name,
            Kind = ResultKind.Benchmark,
            Benchmark = "my-workspace/my-benchmark",
            Dataset = "my-workspace/qa",
            Model = "my-workspace/llama-3",
        }, Rows.Seed004);

    /// <summary>A metric job result (rows with an <c>accuracy</c> and a <c>passed</c> score) of the metric reference
    /// <c>my-workspace/{metric}</c>.</summary>
    public static Task<ResultInfo> ImportMetricAsync(
        VendorServer vendor, string name, string metric, string model, params double[] values) =>
        vendor.ImportAsync(Workspace, new RunSpec
        {
            Name = name,
            Kind = ResultKind.Metric,
            Metric = $"my-workspace/{metric}",
            Dataset = "my-workspace/qa",
            Model = model,
            Labels = new Dictionary<string, string> { ["team"] = model.Contains("llama", StringComparison.Ordinal) ? "meta" : "other" },
        }, values.Select((v, i) => Rows.Synthetic(i, v, v >= 0.5)));
}
