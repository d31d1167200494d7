using System.Globalization;
using Evalstore.Core;
using Evalstore.Core.Filtering;
using Evalstore.Core.Model;
using Microsoft.Data.Sqlite;

namespace Evalstore.Server.Storage.Sqlite;

public sealed partial class SqliteStore
{
    private static readonly Dictionary<string, string> s_sortColumns = new(StringComparer.Ordinal)
    {
        ["created_at"] = "created_at",
        ["updated_at"] = "updated_at",
        ["name"] = "name",
        ["model"] = "model",
        ["status"] = "status",
        ["row_count"] = "row_count",
    };

    /// <inheritdoc />
    public Task<ResultPage> ListResultsAsync(string workspace, ResultQuery query, CancellationToken cancellationToken = default) =>
        ReadAsync(c =>
        {
            var (column, descending) = SortColumn(query.Sort);
            if (query.Page < 1 || query.PageSize is < 1 or > 1000)
            {
                throw EvalstoreException.BadRequest("'page' must be at least 1 and 'page_size' between 1 and 1000.");
            }
            var parameters = new List<(string, object?)> { ("$w", workspace) };
            var where = "workspace = $w AND deleted_at IS NULL";
            if (query.Kind is { } kind)
            {
                where += " AND kind = $kind";
                parameters.Add(("$kind", Text(kind)));
            }
            if (query.Filter is { } filter)
            {
                where += " AND " + RenderFilter(filter, parameters);
            }
            var total = (long)Scalar(c, null, $"SELECT COUNT(*) FROM results WHERE {where}", [.. parameters])!;
            var order = $"{column} {(descending ? "DESC" : "ASC")}, result_key {(descending ? "DESC" : "ASC")}";
            var offset = (long)(query.Page - 1) * query.PageSize;
            using var command = Command(c, null,
                $"SELECT {ResultColumns} FROM results WHERE {where} ORDER BY {order} LIMIT {query.PageSize} OFFSET {offset}",
                    [.. parameters]);
            var page = new List<(long Key, ResultInfo Info)>();
            using (var reader = command.ExecuteReader())
            {
                while (reader.Read())
                {
                    page.Add(ReadResult(reader));
                }
            }
            var aggregates = LoadAggregates(c, page.Select(p => p.Key).ToList());
            return new ResultPage(page.Select(p => p.Info with { Scores = aggregates[p.Key] }).ToList(), query.Page, query.PageSize, total);
        }, cancellationToken);

    private static (string Column, bool Descending) SortColumn(string sort)
    {
        var descending = sort.StartsWith('-');
        var field = descending ? sort[1..] : sort;
        return s_sortColumns.TryGetValue(field, out var column)
            ? (column, descending)
            : throw EvalstoreException.BadRequest(
                $"Cannot sort by '{sort}': use one of {string.Join(", ", s_sortColumns.Keys)}, with a leading '-' for descending.");
    }

    private static readonly FilterSchema s_filterSchema =
        FilterSchema.Results.WithColumns(new FilterColumns(null, FilterColumns.SqliteJsonMember("labels")));

    private static string RenderFilter(FilterExpr filter, List<(string, object?)> parameters) =>
        FilterSql.Render(s_filterSchema.Validate(filter), s_filterSchema, SqlDialect.Sqlite, value =>
        {
            var name = "$f" + parameters.Count.ToString(CultureInfo.InvariantCulture);
            // Timestamps are stored as fixed-width UTC text, so the comparison value must be that text too.
            parameters.Add((name, value is DateTimeOffset instant ? Timestamps.ToText(instant) : value));
            return name;
        });
}
