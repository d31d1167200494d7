using System.Globalization;
using Evalstore.Core;
using Evalstore.Core.Filtering;
using Evalstore.Core.Model;
using Npgsql;

namespace Evalstore.Server.Storage.Postgres;

public sealed partial class PostgresStore
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

    private static readonly Func<string, string> s_labelMember = FilterColumns.PostgresJsonMember("labels");

    /// <summary>
    /// Filter fields whose column differs from the field: the id is a uuid here (compared as its text, as SQLite stores
    /// it), and labels are members of the <c>labels</c> JSON, in byte order like every other text column (so that
    /// <c>$like</c> folds ASCII case only, as on SQLite, whatever the database's locale).
    /// </summary>
    private static readonly FilterSchema s_filterSchema = FilterSchema.Results.WithColumns(new FilterColumns(
        new Dictionary<string, string> { ["id"] = "id::text" }, key => $"({s_labelMember(key)}) COLLATE \"C\""));

    /// <inheritdoc />
    public Task<ResultPage> ListResultsAsync(string workspace, ResultQuery query, CancellationToken cancellationToken = default) =>
        ReadAsync(async c =>
        {
            var (column, descending) = SortColumn(query.Sort);
            if (query.Page < 1 || query.PageSize is < 1 or > 1000)
            {
                throw EvalstoreException.BadRequest("'page' must be at least 1 and 'page_size' between 1 and 1000.");
            }
            var parameters = new List<(string, object?)> { ("w", workspace) };
            var where = "workspace = @w AND deleted_at IS NULL";
            if (query.Kind is { } kind)
            {
                where += " AND kind = @kind";
                parameters.Add(("kind", Text(kind)));
            }
            if (query.Filter is { } filter)
            {
                where += " AND " + RenderFilter(filter, parameters);
            }
            var total = (long)(await ScalarAsync(c, $"SELECT count(*) FROM results WHERE {where}", cancellationToken, [.. parameters]))!;
            // NULLs sort first ascending and last descending, as in SQLite.
            var direction = descending ? "DESC NULLS LAST" : "ASC NULLS FIRST";
            var order = $"{column} {direction}, result_key {(descending ? "DESC" : "ASC")}";
            var offset = (long)(query.Page - 1) * query.PageSize;
            var page = new List<(long Key, ResultInfo Info)>();
            await using (var command = Command(c,
                $"SELECT {ResultColumns} FROM results WHERE {where} ORDER BY {order} LIMIT {query.PageSize} OFFSET {offset}",
                    [.. parameters]))
            await using (var reader = await command.ExecuteReaderAsync(cancellationToken))
            {
                while (await reader.ReadAsync(cancellationToken))
                {
                    page.Add(ReadResult(reader));
                }
            }
            var aggregates = await LoadAggregatesAsync(c, page.Select(p => p.Key).ToList(), cancellationToken);
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

    private static string RenderFilter(FilterExpr filter, List<(string, object?)> parameters) =>
        FilterSql.Render(s_filterSchema.Validate(filter), s_filterSchema, SqlDialect.PostgreSql, value =>
        {
            var name = "f" + parameters.Count.ToString(CultureInfo.InvariantCulture);
            parameters.Add((name, value));
            return "@" + name;
        });
}
