using System.Runtime.InteropServices;
using Evalstore.Core;
using Evalstore.Core.Aggregation;
using Evalstore.Core.Ingest;
using Evalstore.Core.Model;
using Evalstore.Server.Storage.Columns;
using Npgsql;
using NpgsqlTypes;

namespace Evalstore.Server.Storage.Postgres;

/// <summary>
/// Writes one batch of rows of one result inside the caller's transaction, which holds the result's row lock. Rows
/// stream into a binary COPY as they arrive; their scores and new items are buffered per chunk and written when the
/// chunk ends (scores by a second COPY, since a connection runs one COPY at a time; items on a side connection). A
/// columnar result also gets the chunk's column chunks (<see cref="PostgresColumns"/>), which completion and compare read.
/// </summary>
/// <remarks>
/// <para>A repeated (row_index, trial) must fail with the line that repeats it, as in SQLite, without a savepoint per
/// chunk (many subtransactions slow every reader of the database). Positions repeated within the batch are caught in
/// memory before they reach COPY. Only rows below the result's <c>next_row_index</c> at the start of the batch can
/// collide with stored rows; those are remembered, and if COPY reports a unique violation they are probed on the side
/// connection, which sees exactly the stored rows because this transaction still holds the result's lock.</para>
/// <para>Items are content-addressed and immutable, so they are committed on the side connection in short
/// transactions of their own (sorted by digest, so concurrent inserts cannot deadlock) rather than in the batch's
/// transaction: two instances ingesting results over the same dataset then never wait for each other's batches. An item
/// whose batch later rolls back stays behind unreferenced, which is harmless.</para>
/// </remarks>
internal sealed partial class PostgresRowWriter : IAsyncDisposable
{
    private const int DigestMemory = 200_000;

    private readonly PostgresStore _store;
    private readonly NpgsqlConnection _connection;
    private readonly long _resultKey;
    private readonly string _resultName;
    private readonly long _storedBelow;
    private readonly bool _columnar;
    private readonly int _firstChunk;
    private RowColumn _rowColumn = new();
    private Dictionary<int, ScoreColumn> _scoreColumns = [];
    private readonly ScoreKeyRegistry _keys = new();
    private readonly List<ScoreKey> _newKeys = [];
    private readonly PositionSet _positions = new();
    private readonly PositionSet _rowIndexes = new();
    private readonly List<long> _itemCandidates = [];
    private long _newItems;
    private readonly int _chunkLimit;
    /// <summary>The chunk's scores, one list per score id (index id − 1), each in row order.</summary>
    private readonly List<List<PendingScore>> _scores = [];
    private readonly List<(long RowIndex, int Trial, long Line)> _belowStored = [];
    private readonly HashSet<string> _knownDigests = new(StringComparer.Ordinal);
    private readonly List<(string Digest, byte[] Item)> _items = [];
    private readonly List<int> _rowScoreIds = [];
    private NpgsqlBinaryImporter? _rowCopy;
    private NpgsqlConnection? _side;
    private Task _itemWrite = Task.CompletedTask;
    private int _chunkRows;

    private PostgresRowWriter(PostgresStore store, NpgsqlConnection connection, long resultKey, string resultName, long storedBelow,
        bool columnar, int firstChunk)
    {
        _store = store;
        _chunkLimit = store.IngestChunkRows;
        _connection = connection;
        _resultKey = resultKey;
        _resultName = resultName;
        _storedBelow = storedBelow;
        _columnar = columnar;
        _firstChunk = firstChunk;
    }

    /// <summary>Column chunks this batch wrote (their numbers follow the result's chunk_count).</summary>
    public int ChunksWritten { get; private set; }

    /// <summary>One score waiting for the chunk's score COPY; a null <see cref="Value"/> is NaN.</summary>
    private readonly record struct PendingScore(long RowIndex, int Trial, double? Value, string? Label);

    /// <summary>
    /// Starts a batch; <paramref name="storedBelow"/> is the result's next_row_index before it, <paramref name="firstChunk"/>
    /// its chunk_count, and <paramref name="columnar"/> whether it keeps column chunks.
    /// </summary>
    public static async Task<PostgresRowWriter> StartAsync(PostgresStore store, NpgsqlConnection connection, long resultKey,
        string resultName, long storedBelow, bool columnar, int firstChunk, CancellationToken cancellationToken)
    {
        var writer = new PostgresRowWriter(store, connection, resultKey, resultName, storedBelow, columnar, firstChunk);
        await using var command = PostgresStore.Command(connection,
            "SELECT score_id, metric, name, kinds FROM score_keys WHERE result_key = @k", ("k", resultKey));
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            var key = new ScoreKey(reader.GetInt32(0), reader.GetString(1), reader.GetString(2), reader.GetInt32(3));
            writer._keys.Load(key);
        }
        return writer;
    }

    /// <summary>Adds one row (its index already assigned).</summary>
    public async ValueTask WriteAsync(IngestRow row, CancellationToken cancellationToken)
    {
        var rowIndex = row.RowIndex!.Value;
        if (!_positions.Add(rowIndex, row.Trial))
        {
            await ThrowIfAnyStoredAsync(cancellationToken);
            throw Duplicate(row.LineNumber, rowIndex, row.Trial);
        }
        if (rowIndex < _storedBelow)
        {
            _belowStored.Add((rowIndex, row.Trial, row.LineNumber));
        }
        CountItem(rowIndex);
        if (!ResolveScores(row))
        {
            // SQLite stores the row before its scores, so a stored duplicate of this row (or an earlier one) wins.
            await ThrowIfAnyStoredAsync(cancellationToken);
            var repeated = row.Scores.First(s => row.Scores.Count(o => o.Metric == s.Metric && o.Name == s.Name) > 1);
            throw EvalstoreException.BadRequest(
                $"line {row.LineNumber}: score '{repeated.Metric}:{repeated.Name}' appears twice in the row.")
                .With("line", row.LineNumber);
        }
        _rowCopy ??= await _connection.BeginBinaryImportAsync(
            "COPY rows (result_key, row_index, trial, digest, errors, body) FROM STDIN (FORMAT BINARY)", cancellationToken);
        await _rowCopy.StartRowAsync(cancellationToken);
        await _rowCopy.WriteAsync(_resultKey, NpgsqlDbType.Bigint, cancellationToken);
        await _rowCopy.WriteAsync(rowIndex, NpgsqlDbType.Bigint, cancellationToken);
        await _rowCopy.WriteAsync(row.Trial, NpgsqlDbType.Integer, cancellationToken);
        await _rowCopy.WriteAsync(row.Digest, NpgsqlDbType.Text, cancellationToken);
        await _rowCopy.WriteAsync(row.ErrorCount, NpgsqlDbType.Integer, cancellationToken);
        await _rowCopy.WriteAsync(Array(row.Body), NpgsqlDbType.Bytea, cancellationToken);
        var position = RowPosition.Pack(rowIndex, row.Trial);
        if (_columnar)
        {
            _rowColumn.Add(position, row.Digest);
        }
        for (var i = 0; i < row.Scores.Count; i++)
        {
            var value = row.Scores[i].Value;
            var id = _rowScoreIds[i];
            while (_scores.Count < id)
            {
                _scores.Add([]);
            }
            _scores[id - 1].Add(new PendingScore(rowIndex, row.Trial, value.HasNumber ? value.Number : null, value.Label));
            if (_columnar)
            {
                if (!_scoreColumns.TryGetValue(id, out var column))
                {
                    _scoreColumns[id] = column = new ScoreColumn();
                }
                column.Add(position, value);
            }
        }
        if (_knownDigests.Add(row.Digest))
        {
            if (_knownDigests.Count > DigestMemory)
            {
                _knownDigests.Clear();
            }
            _items.Add((row.Digest, Array(row.Item)));
        }
        if (++_chunkRows >= _chunkLimit)
        {
            await FlushAsync(cancellationToken);
        }
    }

    /// <summary>Writes what is buffered and stores the value kinds seen in this batch; returns how many new items (distinct row indexes) it
    /// added.</summary>
    public async Task<long> FinishAsync(CancellationToken cancellationToken)
    {
        await FlushAsync(cancellationToken);
        var newItems = _newItems + await CountUnstoredAsync(_itemCandidates, cancellationToken);
        foreach (var id in _keys.ChangedKinds)
        {
            var key = _keys.Current(id);
            await PostgresStore.ExecuteAsync(_connection, "UPDATE score_keys SET kinds = @kinds WHERE result_key = @k AND score_id = @s",
                cancellationToken, ("kinds", key.Kinds), ("k", _resultKey), ("s", id));
        }
        _keys.ChangedKinds.Clear();
        return newItems;
    }

    /// <summary>
    /// Counts a row index the first time this batch sees it: as a new item when it is above every stored index, else as a
    /// candidate that is new only if no stored row has it (asked of the database once, at the end).
    /// </summary>
    private void CountItem(long rowIndex)
    {
        if (!_rowIndexes.Add(rowIndex, 0))
        {
            return;
        }
        if (rowIndex >= _storedBelow)
        {
            _newItems++;
        }
        else
        {
            _itemCandidates.Add(rowIndex);
        }
    }

    /// <summary>Ends the chunk: completes the row COPY, then writes new score keys, the chunk's scores and its new items.</summary>
    private async Task FlushAsync(CancellationToken cancellationToken)
    {
        if (_rowCopy is null)
        {
            return;
        }
        // The side connection inserts the chunk's items while this one finishes the rows and writes the scores.
        _itemWrite = _items.Count > 0 ? InsertItemsAsync([.. _items], cancellationToken) : Task.CompletedTask;
        _items.Clear();
        try
        {
            await _rowCopy.CompleteAsync(cancellationToken);
        }
        catch (PostgresException e) when (PostgresStore.IsUniqueViolation(e))
        {
            await _itemWrite;
            await ThrowIfAnyStoredAsync(cancellationToken);
            throw EvalstoreException.Conflict($"A row of this batch is already stored in result '{_resultName}'.");
        }
        finally
        {
            await _rowCopy.DisposeAsync();
            _rowCopy = null;
        }
        await InsertNewKeysAsync(cancellationToken);
        await CopyScoresAsync(cancellationToken);
        if (_columnar)
        {
            await PostgresColumns.WriteChunkAsync(
                _connection, _resultKey, _firstChunk + ChunksWritten, _rowColumn, _scoreColumns, cancellationToken);
            ChunksWritten++;
            _rowColumn = new RowColumn();
            _scoreColumns = [];
        }
        await _itemWrite;
        _belowStored.Clear();
        _chunkRows = 0;
    }

    private static byte[] Array(ReadOnlyMemory<byte> memory) =>
        MemoryMarshal.TryGetArray(memory, out var segment) && segment.Offset == 0 && segment.Count == segment.Array!.Length
            ? segment.Array
            : memory.ToArray();

    private EvalstoreException Duplicate(long line, long rowIndex, int trial) =>
        EvalstoreException.Conflict($"line {line}: row_index {rowIndex} trial {trial} is already stored in result '{_resultName}'.")
            .With("line", line);

    public async ValueTask DisposeAsync()
    {
        if (_rowCopy is not null)
        {
            // Disposing an unfinished import cancels the COPY; the caller's transaction then rolls back.
            await _rowCopy.DisposeAsync();
        }
        if (_side is not null)
        {
            try
            {
                await _itemWrite;
            }
            catch (Exception)
            {
                // The batch is failing already; its own error is the one to report.
            }
            await _side.DisposeAsync();
        }
    }
}
