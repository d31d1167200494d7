using Microsoft.Data.Sqlite;
using SQLitePCL;

namespace Evalstore.Server.Storage.Sqlite;

/// <summary>
/// A prepared statement driven through SQLite's C API, for the few statements run once per ingested row: it skips
/// ADO.NET's parameter collections and data readers, which cost more than SQLite's own work for a small insert.
/// It runs on the connection (and so inside the transaction) it was prepared on.
/// </summary>
internal sealed class RawStatement : IDisposable
{
    private const int Row = 100;
    private const int Done = 101;
    private readonly sqlite3 _db;
    private readonly sqlite3_stmt _statement;

    public RawStatement(SqliteConnection connection, string sql)
    {
        _db = connection.Handle ?? throw new InvalidOperationException("The connection is not open.");
        Check(raw.sqlite3_prepare_v2(_db, sql, out _statement));
    }

    public RawStatement Bind(int index, long value)
    {
        Check(raw.sqlite3_bind_int64(_statement, index, value));
        return this;
    }

    public RawStatement Bind(int index, string value)
    {
        Check(raw.sqlite3_bind_text(_statement, index, value));
        return this;
    }

    public RawStatement Bind(int index, ReadOnlySpan<byte> value)
    {
        Check(raw.sqlite3_bind_blob(_statement, index, value));
        return this;
    }

    /// <summary>Runs a statement that returns no rows; the number of rows it changed (an ignored conflict changes none).</summary>
    public int Execute()
    {
        try
        {
            Check(raw.sqlite3_step(_statement), Done);
            return raw.sqlite3_changes(_db);
        }
        finally
        {
            raw.sqlite3_reset(_statement);
        }
    }

    /// <summary>Runs a query and reads its first row, if any, with <paramref name="read"/>.</summary>
    public bool QueryFirst<TState>(ref TState state, RowReader<TState> read)
    {
        try
        {
            var rc = raw.sqlite3_step(_statement);
            if (rc == Done)
            {
                return false;
            }
            Check(rc, Row);
            read(_statement, ref state);
            return true;
        }
        finally
        {
            raw.sqlite3_reset(_statement);
        }
    }

    /// <summary>Reads the current row of a statement into a state.</summary>
    public delegate void RowReader<TState>(sqlite3_stmt statement, ref TState state);

    /// <summary>The id SQLite gave the last inserted row.</summary>
    public long LastInsertRowId => raw.sqlite3_last_insert_rowid(_db);

    private void Check(int rc, int expected = 0)
    {
        if (rc != expected)
        {
            throw new SqliteException(raw.sqlite3_errmsg(_db).utf8_to_string(), rc, raw.sqlite3_extended_errcode(_db));
        }
    }

    public void Dispose() => _statement.Dispose();
}
