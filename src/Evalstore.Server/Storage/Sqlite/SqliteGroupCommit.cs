using System.Diagnostics;
using System.Threading.Channels;
using Microsoft.Data.Sqlite;

namespace Evalstore.Server.Storage.Sqlite;

/// <summary>
/// Runs this process's SQLite writes one at a time (the database has a single write lock anyway) and commits the writes
/// that queued up behind one another together. A commit writes every page the transaction touched to the WAL, and a
/// small import touches about as many pages as a large one, so many small concurrent writes cost a fraction of one commit
/// each instead of one each. Every write still happens completely or not at all: each runs inside its own savepoint, a
/// failing write is rolled back to it alone, and no caller hears of success before the commit that holds its write.
/// </summary>
internal sealed class SqliteGroupCommit : IAsyncDisposable
{
    /// <summary>Writes committed together at most, and how long a group keeps taking more once it has run for a while.</summary>
    private const int MaxGroup = 64;
    private static readonly TimeSpan s_groupTime = TimeSpan.FromMilliseconds(25);

    private readonly Channel<IPendingWrite> _pending = Channel.CreateUnbounded<IPendingWrite>(new() { SingleReader = true });
    private readonly Func<CancellationToken, Task<SqliteConnection>> _open;
    private readonly Task _writer;

    public SqliteGroupCommit(Func<CancellationToken, Task<SqliteConnection>> open)
    {
        _open = open;
        _writer = Task.Run(WriteLoopAsync);
    }

    /// <summary>Queues one write; the task completes once the transaction holding it has committed (or it failed alone).</summary>
    public Task<T> RunAsync<T>(Func<SqliteConnection, SqliteTransaction, Task<T>> work, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var write = new PendingWrite<T>(work, cancellationToken);
        if (!_pending.Writer.TryWrite(write))
        {
            throw new ObjectDisposedException(nameof(SqliteStore));
        }
        return write.Task;
    }

    private async Task WriteLoopAsync()
    {
        var reader = _pending.Reader;
        while (await reader.WaitToReadAsync())
        {
            var group = new List<IPendingWrite>();
            try
            {
                await RunGroupAsync(reader, group);
            }
            catch (Exception e)
            {
                // The connection, the transaction or the commit failed: nothing of the group is stored.
                foreach (var write in group)
                {
                    write.Fail(e);
                }
            }
        }
    }

    private async Task RunGroupAsync(ChannelReader<IPendingWrite> reader, List<IPendingWrite> group)
    {
        if (!TryNext(reader, out var first))
        {
            return;
        }
        await using var connection = await _open(CancellationToken.None);
        await using var transaction = connection.BeginTransaction(deferred: false);
        var started = Stopwatch.GetTimestamp();
        for (var write = first; write is not null;)
        {
            transaction.Save("write");
            try
            {
                await write.RunAsync(connection, transaction);
                transaction.Release("write");
                group.Add(write);
            }
            catch (Exception e)
            {
                write.Fail(e);
                // Undo this write alone; if SQLite already rolled the whole transaction back, this throws and the group
                // fails together.
                transaction.Rollback("write");
                transaction.Release("write");
            }
            write = group.Count < MaxGroup && Stopwatch.GetElapsedTime(started) < s_groupTime && TryNext(reader, out var next)
                ? next : null;
        }
        transaction.Commit();
        foreach (var done in group)
        {
            done.Succeed();
        }
    }

    /// <summary>The next queued write whose caller is still waiting (a cancelled one is dropped unrun).</summary>
    private static bool TryNext(ChannelReader<IPendingWrite> reader, out IPendingWrite write)
    {
        while (reader.TryRead(out write!))
        {
            if (write.TryStart())
            {
                return true;
            }
        }
        return false;
    }

    public async ValueTask DisposeAsync()
    {
        _pending.Writer.TryComplete();
        await _writer;
    }

    private interface IPendingWrite
    {
        bool TryStart();

        Task RunAsync(SqliteConnection connection, SqliteTransaction transaction);

        void Succeed();

        void Fail(Exception exception);
    }

    private sealed class PendingWrite<T> : IPendingWrite
    {
        private const int Queued = 0, Started = 1, Cancelled = 2;
        private readonly Func<SqliteConnection, SqliteTransaction, Task<T>> _work;
        private readonly CancellationToken _cancellationToken;
        private readonly ExecutionContext? _context = ExecutionContext.Capture();
        private readonly TaskCompletionSource<T> _done = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private readonly CancellationTokenRegistration _registration;
        private int _state;
        private T _result = default!;

        public PendingWrite(Func<SqliteConnection, SqliteTransaction, Task<T>> work, CancellationToken cancellationToken)
        {
            _work = work;
            _cancellationToken = cancellationToken;
            // A caller that gives up while its write waits stops waiting at once; once started, the work watches the token.
            _registration = cancellationToken.Register(() =>
            {
                if (Interlocked.CompareExchange(ref _state, Cancelled, Queued) == Queued)
                {
                    _done.TrySetCanceled(_cancellationToken);
                }
            });
        }

        public Task<T> Task => _done.Task;

        public bool TryStart()
        {
            if (Interlocked.CompareExchange(ref _state, Started, Queued) != Queued)
            {
                return false;
            }
            _registration.Dispose();
            return true;
        }

        public async Task RunAsync(SqliteConnection connection, SqliteTransaction transaction)
        {
            // The work runs in its caller's execution context (its activity, its logging scope), not the writer's.
            Task<T>? running = null;
            if (_context is null)
            {
                running = _work(connection, transaction);
            }
            else
            {
                ExecutionContext.Run(_context, _ => running = _work(connection, transaction), null);
            }
            _result = await running!;
        }

        public void Succeed() => _done.TrySetResult(_result);

        public void Fail(Exception exception)
        {
            if (exception is OperationCanceledException && _cancellationToken.IsCancellationRequested)
            {
                _done.TrySetCanceled(_cancellationToken);
            }
            else
            {
                _done.TrySetException(exception);
            }
        }
    }
}
