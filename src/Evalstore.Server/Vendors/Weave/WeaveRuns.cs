using System.Runtime.CompilerServices;
using Evalstore.Core.Filtering;
using Evalstore.Core.Model;
using Evalstore.Server.Storage;

namespace Evalstore.Server.Vendors.Weave;

/// <summary>
/// Evaluation runs are results: entity = workspace, project = the result's project, evaluation_run_id = the result's
/// UUID. Every kind of result is a run here, so results imported from any harness export through Weave scripts too.
/// </summary>
internal sealed class WeaveRuns(IServerStore store)
{
    private const int PageSize = ResultQuery.MaxPageSize;

    /// <summary>The run with this id in the entity and project, or a 404.</summary>
    public async Task<ResultInfo> RequireAsync(string entity, string project, string? id, CancellationToken cancellationToken)
    {
        var run = Guid.TryParse(id, out var uuid) ? await store.GetResultAsync(entity, uuid.ToString(), cancellationToken) : null;
        return run is not null && string.Equals(run.Project, project, StringComparison.Ordinal) ? run
            : throw WeaveErrors.RunNotFound(id ?? "");
    }

    /// <summary>The run an id of this surface leads to, with the parsed id; a 404 naming <paramref name="what"/> otherwise.</summary>
    public async Task<(ResultInfo Run, ParsedId Id)> ResolveAsync(string entity, string project, string id, string what,
        CancellationToken cancellationToken) =>
        await TryResolveAsync(entity, project, id, cancellationToken) ?? throw Core.EvalstoreException.NotFound($"{what} {id} not found");

    /// <summary>The run an id of this surface leads to, with the parsed id, or null.</summary>
    public async Task<(ResultInfo Run, ParsedId Id)?> TryResolveAsync(
        string entity, string project, string id, CancellationToken cancellationToken)
    {
        if (!TrialRef.TryParse(id, out var parsed))
        {
            return null;
        }
        var run = await store.GetResultAsync(entity, parsed.Trial.Run.ToString(), cancellationToken);
        return run is not null && string.Equals(run.Project, project, StringComparison.Ordinal) ? (run, parsed) : null;
    }

    /// <summary>Runs of the project, oldest first, narrowed by refs and ids (combined with AND), then offset and limit.</summary>
    public async IAsyncEnumerable<ResultInfo> ListAsync(string entity, string project, RunFilter filter, long offset, long? limit,
        [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var terms = new List<FilterExpr> { new FieldFilter("project", FilterOperator.Eq, [project]) };
        AddIn(terms, "evaluation", filter.Evaluations);
        AddIn(terms, "model", filter.Models);
        AddIn(terms, "id", filter.Ids);
        var query = new ResultQuery { Filter = new AndFilter(terms), Sort = "created_at",
            Page = (int)Math.Min(offset / PageSize + 1, int.MaxValue), PageSize = PageSize };
        var skip = offset % PageSize;
        var left = limit ?? long.MaxValue;
        while (left > 0)
        {
            var page = await store.ListResultsAsync(entity, query, cancellationToken);
            foreach (var run in page.Data.Skip((int)skip).Take((int)Math.Min(left, PageSize)))
            {
                left--;
                yield return run;
            }
            if (page.Data.Count < PageSize)
            {
                yield break;
            }
            skip = 0;
            query = query with { Page = query.Page + 1 };
        }
    }

    private static void AddIn(List<FilterExpr> terms, string field, IReadOnlyList<string> values)
    {
        if (values.Count > 0)
        {
            terms.Add(new FieldFilter(field, FilterOperator.In, field == "id" ? [.. values.Select(Canonical)] : values));
        }
    }

    // Stored ids are lower-case hyphenated; accept any form Guid.Parse does.
    private static string Canonical(string id) => Guid.TryParse(id, out var uuid) ? uuid.ToString() : id;
}

/// <summary>The list filters of <c>GET evaluation_runs</c>; empty lists do not filter.</summary>
internal sealed record RunFilter(IReadOnlyList<string> Evaluations, IReadOnlyList<string> Models, IReadOnlyList<string> Ids);
