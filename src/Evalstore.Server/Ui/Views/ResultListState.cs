using Evalstore.Core;
using Evalstore.Core.Filtering;
using Evalstore.Core.Model;

namespace Evalstore.Server.Ui.Views;

/// <summary>
/// Everything the results list shows lives in its URL (search, filters, sort, page), so a link reproduces the view.
/// This turns those parameters into a store query and back into links.
/// </summary>
public sealed record ResultListState
{
    /// <summary>Page sizes offered.</summary>
    public static readonly int[] PageSizes = [25, 50, 100];

    /// <summary>Sort orders offered: the value sent to the store and its label.</summary>
    public static readonly (string Value, string Label)[] Sorts =
    [
        ("-created_at", "Newest first"), ("created_at", "Oldest first"), ("name", "Name A–Z"), ("-name", "Name Z–A"),
        ("model", "Model"), ("status", "Status"), ("-row_count", "Most rows"),
    ];

    private static readonly string[] s_sortFields = ["created_at", "updated_at", "name", "model", "status", "row_count"];

    /// <summary>Text fields matched as "contains", in the order the form shows them.</summary>
    public static readonly (string Field, string Label)[] TextFilters =
        [("model", "Model"), ("dataset", "Dataset"), ("metric", "Metric"), ("benchmark", "Benchmark"), ("project", "Project")];

    /// <summary>Filter text (NeMo's text syntax, or a plain word to search names).</summary>
    public string? Search { get; init; }
    /// <summary>"Contains" filters by field name.</summary>
    public IReadOnlyDictionary<string, string> Fields { get; init; } = new Dictionary<string, string>();
    /// <summary>Status to show only, lower case.</summary>
    public string? Status { get; init; }
    /// <summary>A label filter, <c>key=value</c>.</summary>
    public string? Label { get; init; }
    /// <summary>Sort field, with a leading '-' for descending.</summary>
    public string Sort { get; init; } = "-created_at";
    /// <summary>1-based page.</summary>
    public int Page { get; init; } = 1;
    /// <summary>Results per page.</summary>
    public int Size { get; init; } = 25;

    /// <summary>Reads the state from the query string, ignoring values it cannot use.</summary>
    public static ResultListState FromQuery(IQueryCollection query)
    {
        string? Text(string key) => query[key].ToString() is { Length: > 0 } v ? v.Trim() : null;
        var sort = Text("sort");
        return new ResultListState
        {
            Search = Text("q"),
            Fields = TextFilters.Select(f => (f.Field, Value: Text(f.Field))).Where(f => f.Value is { Length: > 0 })
                .ToDictionary(f => f.Field, f => f.Value!, StringComparer.Ordinal),
            Status = Text("status") is { } s && Enum.TryParse<ResultStatus>(s, ignoreCase: true, out _) ? s.ToLowerInvariant() : null,
            Label = Text("label"),
            Sort = sort is not null && s_sortFields.Contains(sort.TrimStart('-')) ? sort : "-created_at",
            Page = int.TryParse(Text("page"), out var page) && page > 0 ? page : 1,
            Size = int.TryParse(Text("size"), out var size) && PageSizes.Contains(size) ? size : 25,
        };
    }

    /// <summary>The "contains" filter of a field, if set.</summary>
    public string? Field(string name) => Fields.TryGetValue(name, out var value) ? value : null;

    /// <summary>The URL of this view with another page or sort (a new sort starts at page 1).</summary>
    public string Href(int? page = null, string? sort = null)
    {
        var pairs = new List<KeyValuePair<string, string?>>();
        void Add(string key, string? value)
        {
            if (!string.IsNullOrEmpty(value))
            {
                pairs.Add(new(key, value));
            }
        }
        Add("q", Search);
        foreach (var (field, _) in TextFilters)
        {
            Add(field, Field(field));
        }
        Add("status", Status);
        Add("label", Label);
        var newSort = sort ?? Sort;
        Add("sort", newSort == "-created_at" ? null : newSort);
        var newPage = sort is null ? page ?? Page : 1;
        Add("page", newPage == 1 ? null : newPage.ToString(System.Globalization.CultureInfo.InvariantCulture));
        Add("size", Size == 25 ? null : Size.ToString(System.Globalization.CultureInfo.InvariantCulture));
        return "/" + QueryString.Create(pairs);
    }

    /// <summary>The store query; a malformed search or label is a 400 <see cref="EvalstoreException"/> with the parser's message.</summary>
    public ResultQuery ToQuery()
    {
        var terms = new List<FilterExpr>();
        if (Search is { } search)
        {
            terms.Add(ParseSearch(search));
        }
        terms.AddRange(Fields.Select(f => new FieldFilter(f.Key, FilterOperator.Like, [f.Value])));
        if (Status is { } status)
        {
            terms.Add(new FieldFilter("status", FilterOperator.Eq, [status]));
        }
        if (Label is { } label)
        {
            var split = label.IndexOfAny(['=', ':']);
            if (split <= 0)
            {
                throw EvalstoreException.BadRequest($"Label filter '{label}' is not of the form key=value.");
            }
            terms.Add(new FieldFilter("labels." + label[..split].Trim(), FilterOperator.Eq, [label[(split + 1)..].Trim()]));
        }
        var filter = terms.Count switch
        {
            0 => null,
            1 => terms[0],
            _ => new AndFilter(terms),
        };
        return new ResultQuery
        {
            Filter = filter is null ? null : FilterSchema.Results.Validate(filter),
            Sort = Sort,
            Page = Page,
            PageSize = Size,
        };
    }

    /// <summary>The filter text syntax; a plain word (no operator at all) searches names instead of failing.</summary>
    private static FilterExpr ParseSearch(string search)
    {
        try
        {
            return FilterParser.ParseSearch(search, FilterSchema.Results);
        }
        catch (EvalstoreException) when (search.IndexOfAny([':', '~', '<', '>', '(', '[', '{', '"', '\'']) < 0
            && !search.Contains(" IN ", StringComparison.OrdinalIgnoreCase))
        {
            return new FieldFilter("name", FilterOperator.Like, [search]);
        }
    }
}
