using Npgsql;

namespace Evalstore.Bench;

/// <summary>
/// A fresh PostgreSQL database for one benchmark run, created through a role that may create databases and dropped at
/// the end, so every run starts from empty tables. Named like the test databases (<c>evalstore_bench_&lt;UTC
/// time&gt;_&lt;random&gt;</c>) so that test.sh removes one a killed run left behind.
/// </summary>
internal sealed class ThrowawayDatabase : IAsyncDisposable
{
    private readonly string _admin;
    private readonly string _name;

    private ThrowawayDatabase(string admin, string name)
    {
        _admin = admin;
        _name = name;
        ConnectionString = new NpgsqlConnectionStringBuilder(admin) { Database = name }.ConnectionString;
    }

    public string ConnectionString { get; }

    public static async Task<ThrowawayDatabase> CreateAsync(string adminConnectionString)
    {
        var database = new ThrowawayDatabase(
            adminConnectionString, $"evalstore_bench_{DateTime.UtcNow:yyyyMMddHHmmss}_{Guid.NewGuid().ToString("N")[..8]}");
        await database.AdminAsync($"CREATE DATABASE {database._name}");
        return database;
    }

    public async ValueTask DisposeAsync()
    {
        NpgsqlConnection.ClearAllPools();
        // A plain DROP (not FORCE, which needs more rights) waits for nothing: the store's pools are closed by now.
        await AdminAsync($"DROP DATABASE IF EXISTS {_name}");
    }

    private async Task AdminAsync(string sql)
    {
        await using var connection = new NpgsqlConnection(_admin);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }
}
