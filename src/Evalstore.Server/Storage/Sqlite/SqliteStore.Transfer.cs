using Evalstore.Core;
using Evalstore.Core.Ingest;
using Evalstore.Core.Model;

namespace Evalstore.Server.Storage.Sqlite;

public sealed partial class SqliteStore : IStoreTransfer
{
    /// <inheritdoc />
    public async Task<ResultInfo> PutResultAsync(ResultInfo original, IAsyncEnumerable<IngestRow> rows,
        IReadOnlyList<ResultDocument> documents, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(original);
        Names.Workspace(original.Workspace);
        var spec = RunSpecRules.Normalize(SpecOf(original));
        await using var ahead = ReadAhead.Start(rows, cancellationToken: cancellationToken);
        await WriteAsync(async (c, t) =>
        {
            var (key, info) = Insert(c, t, original.Workspace, spec);
            await AppendCoreAsync(c, t, key, info, ahead, cancellationToken);
            if (original.Status == ResultStatus.Completed)
            {
                CompleteCore(c, t, key, info);
            }
            await StampCopyAsync(c, t, key, original, cancellationToken);
            await InsertDocumentsAsync(c, t, key, documents, cancellationToken);
            return key;
        }, cancellationToken);
        return (await GetResultAsync(original.Workspace, original.Id.ToString(), cancellationToken))!;
    }
}
