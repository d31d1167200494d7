using Evalstore.Core;
using Evalstore.Core.Ingest;
using Evalstore.Core.Model;

namespace Evalstore.Server.Storage.Postgres;

public sealed partial class PostgresStore : IStoreTransfer
{
    /// <inheritdoc />
    public async Task<ResultInfo> PutResultAsync(ResultInfo original, IAsyncEnumerable<IngestRow> rows,
        IReadOnlyList<ResultDocument> documents, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(original);
        Names.Workspace(original.Workspace);
        var spec = RunSpecRules.Normalize(SpecOf(original));
        await InTransactionAsync(async (c, t) =>
        {
            var connection = (Npgsql.NpgsqlConnection)c;
            var (key, info) = await InsertAsync(connection, original.Workspace, spec, cancellationToken);
            await AppendCoreAsync(connection, key, info, rows, cancellationToken);
            if (original.Status == ResultStatus.Completed)
            {
                await CompleteCoreAsync(connection, key, info, cancellationToken);
            }
            await StampCopyAsync(c, t, key, original, cancellationToken);
            await InsertDocumentsAsync(c, t, key, documents, cancellationToken);
            return key;
        }, cancellationToken);
        return (await GetResultAsync(original.Workspace, original.Id.ToString(), cancellationToken))!;
    }
}
