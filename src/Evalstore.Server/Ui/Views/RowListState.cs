using System.Globalization;
using System.Text.RegularExpressions;
using Evalstore.Core.Model;
using Evalstore.Server.Http;

namespace Evalstore.Server.Ui.Views;

/// <summary>The rows table's state in the result page's URL: conditions, trial, errored-only, sort and page.</summary>
public sealed partial record RowListState
{
    /// <summary>Rows per page.</summary>
    public const int PageSize = 50;

    /// <summary>Score conditions as typed, e.g. <c>any&lt;0.7, judge:helpfulness&gt;=3</c>.</summary>
    public string? Where { get; init; }
    /// <summary>Only this trial.</summary>
    public int? Trial { get; init; }
    /// <summary>Only rows with a metric error.</summary>
    public bool Errored { get; init; }
    /// <summary>Score key to sort by, with a leading '-' for descending; null for row order.</summary>
    public string? Sort { get; init; }
    /// <summary>1-based page.</summary>
    public int Page { get; init; } = 1;

    /// <summary>True when some rows may be hidden by a filter.</summary>
    public bool IsFiltered => Where is not null || Trial is not null || Errored;

    /// <summary>Reads the state from the query string, ignoring values it cannot use.</summary>
    public static RowListState FromQuery(IQueryCollection query)
    {
        string? Text(string key) => query[key].ToString() is { Length: > 0 } v && v.Trim() is { Length: > 0 } t ? t : null;
        return new RowListState
        {
            Where = Text("where"),
            Trial = int.TryParse(Text("trial"), NumberStyles.None, CultureInfo.InvariantCulture, out var trial) ? trial : null,
            Errored = Text("errored") is "1" or "true" or "on",
            Sort = Text("sort"),
            Page = int.TryParse(Text("page"), NumberStyles.None, CultureInfo.InvariantCulture, out var page) && page > 0 ? page : 1,
        };
    }

    /// <summary>One page of rows plus one more, to know whether a next page exists without counting.</summary>
    public RowQuery ToQuery() => new()
    {
        Where = Conditions(),
        Trial = Trial,
        ErroredOnly = Errored,
        SortBy = Sort?.TrimStart('-'),
        Descending = Sort?.StartsWith('-') == true,
        Offset = (long)(Page - 1) * PageSize,
        Limit = PageSize + 1,
    };

    /// <summary>The conditions, split on commas or AND; a malformed one is a 400 <see cref="Core.EvalstoreException"/>.</summary>
    public IReadOnlyList<ScoreCondition> Conditions() =>
        Where is null ? [] : Separator().Split(Where).Where(p => p.Trim().Length > 0).Select(p => ScoreCondition.Parse(p.Trim())).ToList();

    /// <summary>The result page with this state, another page or another sort (which starts at page 1).</summary>
    public string Href(Guid result, int? page = null, string? sort = null)
    {
        var pairs = new List<KeyValuePair<string, string?>>();
        if (Where is not null)
        {
            pairs.Add(new("where", Where));
        }
        if (Trial is { } trial)
        {
            pairs.Add(new("trial", trial.ToString(CultureInfo.InvariantCulture)));
        }
        if (Errored)
        {
            pairs.Add(new("errored", "1"));
        }
        if ((sort ?? Sort) is { } s)
        {
            pairs.Add(new("sort", s));
        }
        var newPage = sort is null ? page ?? Page : 1;
        if (newPage > 1)
        {
            pairs.Add(new("page", newPage.ToString(CultureInfo.InvariantCulture)));
        }
        return UiRoutes.Result(result) + QueryString.Create(pairs) + "#rows";
    }

    [GeneratedRegex(@",|\s+AND\s+", RegexOptions.IgnoreCase)]
    private static partial Regex Separator();
}
