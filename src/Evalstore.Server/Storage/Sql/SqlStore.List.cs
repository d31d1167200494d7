using System.Data.Common;
using System.Globalization;
using Dapper;
using Evalstore.Core;
using Evalstore.Core.Filtering;
using Evalstore.Core.Model;
using Evalstore.Core.Stores;

namespace Evalstore.Server.Storage.Sql;

public abstract partial class SqlStore
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

    /// <summary>The summary scores of these results, for the list (each store reads its aggregate bodies its own way).</summary>
    private protected abstract Task<IReadOnlyDictionary<long, IReadOnlyList<ScoreAggregate>>> LoadAggregatesAsync(
        DbConnection connection, IReadOnlyList<long> keys, CancellationToken cancellationToken);

    /// <inheritdoc cref="IEvalStore.ListResultsAsync" />
    public Task<ResultPage> ListResultsAsync(string workspace, ResultQuery query, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(query);
        var (column, descending) = SortColumn(query.Sort);
        if (query.Page < 1 || query.PageSize is < 1 or > ResultQuery.MaxPageSize)
        {
            throw EvalstoreException.BadRequest(
                $"'page' must be at least 1 and 'page_size' between 1 and {ResultQuery.MaxPageSize}.");
        }
        var args = Args(("w", workspace));
        var where = "workspace = @w AND deleted_at IS NULL";
        if (query.Kind is { } kind)
        {
            where += " AND kind = @kind";
            args.Add("kind", Text(kind));
        }
        if (query.Filter is { } filter)
        {
            where += " AND " + RenderFilter(filter, args);
        }
        // NULLs first ascending and last descending: SQLite's default, spelled out for PostgreSQL.
        var order = descending ? $"{column} DESC NULLS LAST, result_key DESC" : $"{column} ASC NULLS FIRST, result_key ASC";
        var offset = (long)(query.Page - 1) * query.PageSize;
        return InReadAsync(async c =>
        {
            var total = query.Count
                ? await c.ExecuteScalarAsync<long>(Command($"SELECT count(*) FROM results WHERE {where}", args, null, cancellationToken))
                : -1;
            // Uncounted, one result more than the page says whether another page follows.
            var limit = query.Count ? query.PageSize : query.PageSize + 1;
            var page = new List<(long Key, ResultInfo Info)>();
            await using (var reader = await c.ExecuteReaderAsync(Command(
                $"SELECT {ResultRecords.Columns} FROM results WHERE {where} ORDER BY {order} LIMIT {limit} OFFSET {offset}",
                args, null, cancellationToken)))
            {
                while (await reader.ReadAsync(cancellationToken))
                {
                    page.Add(ResultRecords.Read(reader, Dialect.ReadId, Dialect.ReadInstant));
                }
            }
            var more = page.Count > query.PageSize;
            if (more)
            {
                page.RemoveAt(page.Count - 1);
            }
            var aggregates = await LoadAggregatesAsync(c, page.Select(p => p.Key).ToList(), cancellationToken);
            return new ResultPage(page.Select(p => p.Info with { Scores = aggregates[p.Key] }).ToList(), query.Page, query.PageSize,
                query.Count ? total : offset + page.Count + (more ? 1 : 0)) { Counted = query.Count };
        }, cancellationToken);
    }

    private static (string Column, bool Descending) SortColumn(string sort)
    {
        var descending = sort.StartsWith('-');
        var field = descending ? sort[1..] : sort;
        return s_sortColumns.TryGetValue(field, out var column)
            ? (column, descending)
            : throw EvalstoreException.BadRequest(
                $"Cannot sort by '{sort}': use one of {string.Join(", ", s_sortColumns.Keys)}, with a leading '-' for descending.");
    }

    private string RenderFilter(FilterExpr filter, DynamicParameters args) =>
        FilterSql.Render(Dialect.Filters.Validate(filter), Dialect.Filters, Dialect.FilterSql, value =>
        {
            var name = "f" + args.ParameterNames.Count().ToString(CultureInfo.InvariantCulture);
            args.Add(name, Dialect.FilterValue(value));
            return "@" + name;
        });
}
