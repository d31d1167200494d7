using System.Runtime.CompilerServices;
using Evalstore.Core.Model;
using Evalstore.Server.Storage;

namespace Evalstore.Server.Vendors.Weave;

/// <summary>
/// Streams a run's trials: its stored rows in row order, then (while it runs) the predictions written through the
/// Weave API that are not rows yet. Each trial is disposed when the next one is read.
/// </summary>
internal sealed class TrialSource(IServerStore store, PendingPredictions pending)
{
    public async IAsyncEnumerable<WeaveTrial> ReadAsync(
        string workspace, ResultInfo run, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        // A finish that stopped between appending rows and completing leaves predictions both as rows and pending:
        // the rows win.
        HashSet<string>? materialized = run.Status == ResultStatus.Running ? new(StringComparer.Ordinal) : null;
        await foreach (var row in store.ReadRowsAsync(workspace, run.Id, new RowQuery(), cancellationToken))
        {
            using var trial = WeaveTrial.FromRow(run, row);
            if (materialized is not null && trial.Ref.PredictionKey is { } key)
            {
                materialized.Add(key);
            }
            yield return trial;
        }
        if (materialized is null)
        {
            yield break;
        }
        await foreach (var prediction in pending.ListAsync(workspace, run.Id, cancellationToken))
        {
            if (!materialized.Contains(prediction.Key))
            {
                using var trial = WeaveTrial.FromPending(run, prediction);
                yield return trial;
            }
        }
    }

    /// <summary>The trials of one stored row (every trial of its item), in trial order.</summary>
    public async IAsyncEnumerable<WeaveTrial> ReadRowAsync(string workspace, ResultInfo run, long rowIndex,
        [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await foreach (var row in store.ReadRowsAsync(
            workspace, run.Id, new RowQuery { FromRow = rowIndex, ToRow = rowIndex }, cancellationToken))
        {
            using var trial = WeaveTrial.FromRow(run, row);
            yield return trial;
        }
    }

    /// <summary>The trials of one run (when <paramref name="runId"/> is given) or of every run of the project, in list order.</summary>
    public async IAsyncEnumerable<(ResultInfo Run, WeaveTrial Trial)> ReadProjectAsync(
        string workspace, string project, string? runId, WeaveRuns runs,
        [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var selected = string.IsNullOrEmpty(runId)
            ? runs.ListAsync(workspace, project, new RunFilter([], [], []), 0, null, cancellationToken)
            : One(await runs.RequireAsync(workspace, project, runId, cancellationToken));
        await foreach (var run in selected)
        {
            await foreach (var trial in ReadAsync(workspace, run, cancellationToken))
            {
                yield return (run, trial);
            }
        }
    }

    private static async IAsyncEnumerable<ResultInfo> One(ResultInfo run)
    {
        await Task.CompletedTask;
        yield return run;
    }

    /// <summary>The one trial an id names (row or pending prediction), or null; the caller disposes it.</summary>
    public async Task<WeaveTrial?> FindAsync(string workspace, ResultInfo run, TrialRef reference, CancellationToken cancellationToken)
    {
        if (reference.Row is { } row)
        {
            var query = new RowQuery { FromRow = row, ToRow = row, Trial = reference.Trial };
            await foreach (var record in store.ReadRowsAsync(workspace, run.Id, query, cancellationToken))
            {
                return WeaveTrial.FromRow(run, record);
            }
            return null;
        }
        var prediction = await pending.GetAsync(workspace, run.Id, reference.PredictionKey!, cancellationToken);
        return prediction is null ? null : WeaveTrial.FromPending(run, prediction).Keep(prediction);
    }
}
