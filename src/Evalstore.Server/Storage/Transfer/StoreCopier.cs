using System.Runtime.CompilerServices;
using Evalstore.Core;
using Evalstore.Core.Ingest;
using Evalstore.Core.Json;
using Evalstore.Core.Model;

namespace Evalstore.Server.Storage.Transfer;

/// <summary>One result handled by a copy: what happened to it, and how far the copy is.</summary>
public sealed record CopyStep(int Done, int Total, string Workspace, string Name, CopyOutcome Outcome, long Rows);

/// <summary>What a copy did with one result.</summary>
public enum CopyOutcome
{
    /// <summary>Not in the target yet: written.</summary>
    Copied,
    /// <summary>In the target already, identical: left alone (a rerun after an interruption).</summary>
    Skipped,
    /// <summary>In the target but different (a running result that grew since): replaced in one transaction.</summary>
    Redone,
}

/// <summary>What a finished copy moved and what its verification found.</summary>
public sealed record CopyReport(int Results, int Copied, int Skipped, int Redone, long Rows, int Keys, int Documents,
    IReadOnlyList<string> Problems);

/// <summary>
/// Moves everything from one store to another (two databases, or two servers through their admin transfer endpoints):
/// every workspace's API keys (hashes, so the same secrets keep
/// working), results with their ids, labels, specs, statuses and timestamps, every row and trial with its scores and
/// digest, and side documents. Each result is written in one transaction, so an interrupted copy leaves whole results
/// only, and a rerun skips those already there and identical. At the end every source result is compared with its copy
/// (status, counts, aggregates) and every key is looked up.
/// </summary>
public sealed class StoreCopier(IStoreTransfer source, IStoreTransfer target)
{
    /// <summary>Copies, reporting each result as it is handled; throws on cancellation, leaving whole results behind.</summary>
    public async Task<CopyReport> CopyAsync(IProgress<CopyStep>? progress, CancellationToken cancellationToken)
    {
        // Keys first: a server already pointed at the target accepts the same secrets while the results arrive.
        var keys = await source.ReadKeysAsync(cancellationToken);
        await target.PutKeysAsync(keys, cancellationToken);
        var results = new List<ResultInfo>();
        foreach (var workspace in await source.ListWorkspacesAsync(cancellationToken))
        {
            results.AddRange(await ListAllAsync(source, workspace, cancellationToken));
        }
        var (copied, skipped, redone, rows, documents) = (0, 0, 0, 0L, 0);
        var problems = new List<string>();
        for (var i = 0; i < results.Count; i++)
        {
            var listed = results[i];
            // Read again: a result listed as running may have completed meanwhile.
            if (await source.GetResultAsync(listed.Workspace, listed.Id.ToString(), cancellationToken) is not { } original)
            {
                continue;
            }
            var existing = await target.GetResultAsync(original.Workspace, original.Id.ToString(), cancellationToken);
            CopyOutcome outcome;
            if (existing is not null && Differences(original, existing).Count == 0)
            {
                outcome = CopyOutcome.Skipped;
                skipped++;
            }
            else
            {
                if (existing is not null)
                {
                    await target.DeleteResultAsync(existing.Workspace, existing.Id, cancellationToken);
                }
                var sideDocuments = new List<ResultDocument>();
                await foreach (var document in source.ListDocumentsAsync(original.Workspace, original.Id, "", cancellationToken))
                {
                    sideDocuments.Add(document);
                }
                ResultInfo copy;
                try
                {
                    copy = await target.PutResultAsync(original, RowsOf(source, original, cancellationToken), sideDocuments,
                        cancellationToken);
                }
                catch (EvalstoreException e) when (e.Status == 409)
                {
                    // Another result of that name is in the target: say so and copy the rest.
                    problems.Add($"result '{original.Name}' in '{original.Workspace}' was not copied: {e.Detail}");
                    continue;
                }
                problems.AddRange(Differences(original, copy).Select(d => $"result '{original.Name}' in '{original.Workspace}': {d}"));
                outcome = existing is null ? CopyOutcome.Copied : CopyOutcome.Redone;
                documents += sideDocuments.Count;
                if (existing is null)
                {
                    copied++;
                }
                else
                {
                    redone++;
                }
            }
            rows += original.RowCount;
            progress?.Report(new CopyStep(i + 1, results.Count, original.Workspace, original.Name, outcome, original.RowCount));
        }
        problems.AddRange(await VerifyAsync(results, keys, cancellationToken));
        return new CopyReport(results.Count, copied, skipped, redone, rows, keys.Count, documents, problems);
    }

    /// <summary>Every source result and key is in the target, equal; a target may hold more (it is not emptied first).</summary>
    private async Task<List<string>> VerifyAsync(List<ResultInfo> results, IReadOnlyList<StoredApiKey> keys,
        CancellationToken cancellationToken)
    {
        var problems = new List<string>();
        foreach (var listed in results)
        {
            var original = await source.GetResultAsync(listed.Workspace, listed.Id.ToString(), cancellationToken);
            var copy = await target.GetResultAsync(listed.Workspace, listed.Id.ToString(), cancellationToken);
            if (original is null)
            {
                continue;
            }
            if (copy is null)
            {
                problems.Add($"result '{original.Name}' in '{original.Workspace}' is missing from the target");
                continue;
            }
            problems.AddRange(Differences(original, copy).Select(d => $"result '{original.Name}' in '{original.Workspace}': {d}"));
        }
        var copiedKeys = (await target.ReadKeysAsync(cancellationToken)).ToDictionary(k => k.Id);
        foreach (var key in keys)
        {
            if (!copiedKeys.TryGetValue(key.Id, out var copy) || !copy.Hash.AsSpan().SequenceEqual(key.Hash)
                || copy.RevokedAt != key.RevokedAt || copy.Role != key.Role || copy.Workspace != key.Workspace)
            {
                problems.Add($"API key {key.Id} is missing or different in the target");
            }
        }
        return problems;
    }

    /// <summary>How a copy differs from its original (empty when it is the same result).</summary>
    private static List<string> Differences(ResultInfo original, ResultInfo copy)
    {
        var differences = new List<string>();
        void Compare<T>(string what, T a, T b)
        {
            if (!EqualityComparer<T>.Default.Equals(a, b))
            {
                differences.Add($"{what} {a} in the source, {b} in the target");
            }
        }
        Compare("name", original.Name, copy.Name);
        Compare("status", original.Status, copy.Status);
        Compare("rows", original.RowCount, copy.RowCount);
        Compare("items", original.ItemCount, copy.ItemCount);
        Compare("trials", original.MaxTrials, copy.MaxTrials);
        Compare("created", original.CreatedAt, copy.CreatedAt);
        Compare("finished", original.FinishedAt, copy.FinishedAt);
        Compare("pass status", original.PassStatus, copy.PassStatus);
        Compare("error", original.ErrorDescription, copy.ErrorDescription);
        Compare("labels", EvalstoreJson.Serialize(original.Labels), EvalstoreJson.Serialize(copy.Labels));
        Compare("aggregates", EvalstoreJson.Serialize(original.Scores), EvalstoreJson.Serialize(copy.Scores));
        return differences;
    }

    private static async Task<List<ResultInfo>> ListAllAsync(IStoreTransfer store, string workspace, CancellationToken cancellationToken)
    {
        var all = new List<ResultInfo>();
        for (var page = 1; ; page++)
        {
            var listed = await store.ListResultsAsync(workspace,
                new ResultQuery { Sort = "created_at", Page = page, PageSize = ResultQuery.MaxPageSize }, cancellationToken);
            all.AddRange(listed.Data);
            if (page >= listed.TotalPages)
            {
                return all;
            }
        }
    }

    /// <summary>A result's stored rows as ingest rows: each row-scores line parses back to the row it was (a lossless format).</summary>
    private static async IAsyncEnumerable<IngestRow> RowsOf(IStoreTransfer store, ResultInfo result,
        [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var parser = new RowParser(result.Metrics);
        long line = 0;
        await foreach (var row in store.ReadRowsAsync(result.Workspace, result.Id, new RowQuery(), cancellationToken))
        {
            yield return parser.Parse(row.Json, ++line);
        }
    }
}
