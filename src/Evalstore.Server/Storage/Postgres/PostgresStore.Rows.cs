using System.Buffers;
using System.Runtime.CompilerServices;
using Evalstore.Core.Aggregation;
using Evalstore.Core.Ingest;
using Evalstore.Core.Model;
using Npgsql;

namespace Evalstore.Server.Storage.Postgres;

public sealed partial class PostgresStore
{
    /// <inheritdoc />
    public async IAsyncEnumerable<RowRecord> ReadRowsAsync(string workspace, Guid resultId, RowQuery query,
        [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        await using var connection = await OpenConnectionAsync(cancellationToken);
        var (key, _) = await RequireAsync(connection, workspace, resultId, cancellationToken);
        var scoreKeys = await LoadScoreKeysAsync(connection, key, cancellationToken);
        var parameters = new List<(string, object?)> { ("k", key) };
        var sql = PostgresRowSql.Build(query, scoreKeys, parameters);
        await using var command = Command(connection, sql, [.. parameters]);
        // Rows stream from the server as they are consumed: memory stays flat however large the result. Each row is small,
        // so ReadAsync buffers it whole (no SequentialAccess) and the getters below never wait for the network.
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var buffer = new ArrayBufferWriter<byte>(4096);
        while (await reader.ReadAsync(cancellationToken))
        {
            var rowIndex = reader.GetInt64(0);
            var trial = reader.GetInt32(1);
            var digest = reader.GetString(2);
            buffer.ResetWrittenCount();
            RowLine.Write(buffer, rowIndex, trial, digest, reader.GetFieldValue<byte[]>(3), reader.GetFieldValue<byte[]>(4));
            yield return new RowRecord(rowIndex, trial, digest, buffer.WrittenSpan.ToArray());
        }
    }

    /// <summary>The score keys of a result in score id order, with the kinds of value each has seen.</summary>
    private static async Task<List<ScoreKey>> LoadScoreKeysAsync(NpgsqlConnection connection, long key, CancellationToken cancellationToken)
    {
        var keys = new List<ScoreKey>();
        await using var command =
            Command(connection, "SELECT score_id, metric, name, kinds FROM score_keys WHERE result_key = @k ORDER BY score_id", ("k", key));
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            keys.Add(new ScoreKey(reader.GetInt32(0), reader.GetString(1), reader.GetString(2), reader.GetInt32(3)));
        }
        return keys;
    }
}
