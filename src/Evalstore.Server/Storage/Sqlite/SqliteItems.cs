using System.Buffers.Text;
using Microsoft.Data.Sqlite;
using SQLitePCL;

namespace Evalstore.Server.Storage.Sqlite;

/// <summary>
/// Finds or adds items by row digest. An item's key in the index is 64 bits of its digest; two different digests with
/// the same 64 bits (about one chance in 10^8 among a million items per billion stored) take the next free value, so
/// a lookup probes from the digest's own value until it finds the digest or a free slot.
/// </summary>
internal sealed class SqliteItems : IDisposable
{
    private readonly RawStatement _insert;
    private readonly RawStatement _find;
    private readonly Dictionary<string, long> _recent = new(StringComparer.Ordinal);

    public SqliteItems(SqliteConnection connection)
    {
        _insert = new RawStatement(connection, "INSERT INTO items (hash, digest, item) VALUES (?1, ?2, ?3) ON CONFLICT (hash) DO NOTHING");
        _find = new RawStatement(connection, "SELECT id, digest FROM items WHERE hash = ?1");
    }

    /// <summary>The id of the item with this digest, adding it when new.</summary>
    public long Resolve(string digest, ReadOnlySpan<byte> item)
    {
        // Trials and repeated rows of a batch share items: remember the latest ones.
        if (_recent.TryGetValue(digest, out var known))
        {
            return known;
        }
        if (_recent.Count >= 8192)
        {
            _recent.Clear();
        }
        for (var hash = Hash(digest); ; hash++)
        {
            if (_insert.Bind(1, hash).Bind(2, digest).Bind(3, item).Execute() == 1)
            {
                return _recent[digest] = _insert.LastInsertRowId;
            }
            var found = (Id: 0L, Digest: digest, Same: false);
            if (_find.Bind(1, hash).QueryFirst(ref found, ReadItem) && found.Same)
            {
                return _recent[digest] = found.Id;
            }
        }
    }

    private static void ReadItem(sqlite3_stmt statement, ref (long Id, string Digest, bool Same) found)
    {
        found.Id = raw.sqlite3_column_int64(statement, 0);
        found.Same = string.Equals(raw.sqlite3_column_text(statement, 1).utf8_to_string(), found.Digest, StringComparison.Ordinal);
    }

    /// <summary>The id of an existing item, or null.</summary>
    public static long? Find(SqliteConnection connection, SqliteTransaction? transaction, string digest)
    {
        using var find = SqliteStore.Command(connection, transaction, "SELECT id, digest FROM items WHERE hash = $h", ("$h", 0L));
        for (var hash = Hash(digest); ; hash++)
        {
            find.Parameters[0].Value = hash;
            using var reader = find.ExecuteReader();
            if (!reader.Read())
            {
                return null;
            }
            if (string.Equals(reader.GetString(1), digest, StringComparison.Ordinal))
            {
                return reader.GetInt64(0);
            }
        }
    }

    /// <summary>64 bits of a digest: its first eleven characters read as base64 (digests are already uniformly random).</summary>
    public static long Hash(string digest)
    {
        Span<byte> chars = stackalloc byte[12];
        for (var i = 0; i < 11 && i < digest.Length; i++)
        {
            chars[i] = (byte)digest[i];
        }
        chars[11] = (byte)'A';
        Span<byte> bytes = stackalloc byte[9];
        Base64Url.DecodeFromUtf8(chars, bytes, out _, out _);
        return BitConverter.ToInt64(bytes);
    }

    public void Dispose()
    {
        _insert.Dispose();
        _find.Dispose();
    }
}
