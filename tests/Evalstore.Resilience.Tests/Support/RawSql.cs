using System.Data.Common;
using Microsoft.Data.Sqlite;
using Npgsql;

namespace Evalstore.Resilience.Tests.Support;

/// <summary>Reads a server's database directly, to check what is stored at rest rather than what the server says.</summary>
public static class RawSql
{
    /// <summary>Every row of the query, each as its column values.</summary>
    public static async Task<IReadOnlyList<object?[]>> QueryAsync(StoreKind kind, string database, string sql)
    {
        await using DbConnection connection = kind == StoreKind.Sqlite
            ? new SqliteConnection($"Data Source={database};Mode=ReadOnly;Pooling=False")
            : new NpgsqlConnection(database);
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        await using var reader = await command.ExecuteReaderAsync();
        var rows = new List<object?[]>();
        while (await reader.ReadAsync())
        {
            var values = new object?[reader.FieldCount];
            for (var i = 0; i < values.Length; i++)
            {
                values[i] = reader.IsDBNull(i) ? null : reader.GetValue(i);
            }
            rows.Add(values);
        }
        return rows;
    }

    public static Task<IReadOnlyList<object?[]>> QueryAsync(ResilienceServer server, string sql) =>
        QueryAsync(server.Kind, server.Database, sql);
}
