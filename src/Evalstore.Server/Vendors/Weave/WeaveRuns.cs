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
        // One keyset stream: the offset is skipped once on the index, then the runs flow until the limit.
        var left = limit ?? long.MaxValue;
        if (left <= 0)
        {
            yield break;
        }
        await foreach (var run in store.StreamResultsAsync(entity, new AndFilter(terms), offset, cancellationToken))
        {
            yield return run;
            if (--left == 0)
            {
                yield break;
            }
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
