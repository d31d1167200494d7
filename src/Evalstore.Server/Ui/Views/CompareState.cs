using System.Globalization;
using Evalstore.Core.Model;

namespace Evalstore.Server.Ui.Views;

/// <summary>The compare page's URL: baseline <c>a</c>, one or more candidates <c>b</c>, an optional score, and the flipped rows'
/// page.</summary>
public sealed record CompareState
{
    /// <summary>Flipped rows per page.</summary>
    public const int FlippedPageSize = 10;

    /// <summary>Baseline result (UUID or name).</summary>
    public string? Baseline { get; init; }
    /// <summary>Candidate results (UUIDs or names).</summary>
    public IReadOnlyList<string> Candidates { get; init; } = [];
    /// <summary>Only this score (<c>metric</c> or <c>metric:score</c>).</summary>
    public string? Metric { get; init; }
    /// <summary>First flipped row shown.</summary>
    public int FlippedOffset { get; init; }

    /// <summary>True when there is something to compare.</summary>
    public bool IsComplete => Baseline is not null && Candidates.Count > 0;

    /// <summary>Reads the state from the query string.</summary>
    public static CompareState FromQuery(IQueryCollection query)
    {
        static string? Text(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();
        return new CompareState
        {
            Baseline = Text(query["a"]),
            Candidates = query["b"].Select(Text).OfType<string>().Distinct(StringComparer.Ordinal).ToList(),
            Metric = Text(query["metric"]),
            FlippedOffset = int.TryParse(query["flipped"], NumberStyles.None, CultureInfo.InvariantCulture, out var offset) ? offset : 0,
        };
    }

    /// <summary>The store request: every score, or the chosen one; a page of flipped rows.</summary>
    public CompareRequest ToRequest() => new()
    {
        Baseline = Baseline!,
        Candidates = Candidates,
        Metric = Metric,
        FlippedLimit = FlippedPageSize,
        FlippedOffset = FlippedOffset,
    };

    /// <summary>This comparison with another page of flipped rows.</summary>
    public string Href(int? flippedOffset = null)
    {
        var pairs = new List<KeyValuePair<string, string?>> { new("a", Baseline) };
        pairs.AddRange(Candidates.Select(c => new KeyValuePair<string, string?>("b", c)));
        if (Metric is not null)
        {
            pairs.Add(new("metric", Metric));
        }
        if ((flippedOffset ?? FlippedOffset) is > 0 and var offset)
        {
            pairs.Add(new("flipped", offset.ToString(CultureInfo.InvariantCulture)));
        }
        return "/compare" + QueryString.Create(pairs) + (flippedOffset is null ? "" : "#flipped");
    }
}
