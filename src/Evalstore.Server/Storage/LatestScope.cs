namespace Evalstore.Server.Storage;

/// <summary>What a maintained "latest completed result per model" summary is kept over (see <c>latest_results</c>).</summary>
public enum LatestScope
{
    /// <summary>One dataset: the leaderboard's <c>dataset=…</c>.</summary>
    Dataset,

    /// <summary>One benchmark: the leaderboard's <c>benchmark=…</c>.</summary>
    Benchmark,
}
