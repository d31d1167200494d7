using System.Globalization;
using Evalstore.Core.Model;
using Evalstore.Core.Stores;
using Evalstore.Server.Tests.Support;

namespace Evalstore.Cli.Tests.Backup;

/// <summary>Writes realistic results into a store: several trials, numeric, boolean and text scores, labels.</summary>
internal static class StoreFiller
{
    public static async Task<ResultInfo> ImportAsync(IEvalStore store, string name, int rows, string workspace = "default",
        CancellationToken cancellationToken = default) =>
        await store.ImportResultAsync(workspace, Spec(name), Rows.Parse(Lines(name, rows)), cancellationToken);

    public static RunSpec Spec(string name) => new()
    {
        Name = name,
        Model = "model-" + name.Length % 3,
        Dataset = "qa",
        Labels = new Dictionary<string, string> { ["team"] = "eval", ["run"] = name },
    };

    public static IEnumerable<string> Lines(string name, int rows, int first = 0)
    {
        var seed = name.Aggregate(17, (h, c) => h * 31 + c);
        for (var i = first; i < first + rows; i++)
        {
            foreach (var trial in new[] { 0, 1 })
            {
                var score = ((i * 7919 + seed + trial * 13) % 1000) / 1000.0;
                yield return Rows.Synthetic(i, score, score > 0.4, trial, i % 97 == 0 ? "timeout" : null);
            }
        }
    }

    public static string Describe(ResultInfo r) => string.Create(CultureInfo.InvariantCulture,
        $"{r.Id} {r.Name} {r.Status} rows={r.RowCount} items={r.ItemCount} trials={r.MaxTrials} labels={string.Join(",", r.Labels)}");
}
