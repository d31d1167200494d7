using Evalstore.Core.Model;
using Evalstore.Server.Storage.Postgres;
using Evalstore.Server.Tests.Support;
using Evalstore.Server.Tests.Support.Postgres;
using Npgsql;

namespace Evalstore.Server.Tests.Storage;

/// <summary>What is particular to the PostgreSQL schema: migrations under concurrency, the BI views and a read-only role.</summary>
[Collection(PostgresCollection.Name)]
public sealed class PostgresSchemaTests(PostgresDatabase database)
{
    private const string Ws = "bi";

    [PostgresFact]
    public async Task Migrations_FromInstancesStartingAtOnce_ApplyEachScriptOnce()
    {
        var connectionString = await database.NewSchemaAsync();
        var stores = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => PostgresStore.OpenAsync(connectionString)));
        foreach (var store in stores)
        {
            await store.DisposeAsync();
        }
        var versions = await QueryAsync(connectionString, "SELECT version FROM schema_migrations ORDER BY version", r => r.GetInt64(0));
        Assert.Equal(PostgresMigrator.Scripts().Select(s => s.Version), versions);
        Assert.Equal(versions.Distinct(), versions);
    }

    [PostgresFact]
    public async Task Views_ShowLiveResultsAggregatesAndFlattenedRowScores()
    {
        var connectionString = await database.NewSchemaAsync();
        await using var store = await PostgresStore.OpenAsync(connectionString);
        var kept = await store.ImportResultAsync(Ws, new RunSpec
        {
            Name = "kept", Model = "m1", Labels = new Dictionary<string, string> { ["team"] = "x" },
                CorpusScores = [new CorpusScore("bleu", "corpus", 0.42)],
        }, Rows.Parse(Rows.Seed004));
        var deleted = await store.ImportResultAsync(Ws, new RunSpec { Name = "deleted" }, Rows.Parse(Rows.Seed004));
        await store.DeleteResultAsync(Ws, deleted.Id);

        var results = await QueryAsync(connectionString,
            "SELECT result_id, name, model, status, row_count, item_count, labels ->> 'team' FROM evalstore_results",
            r => (r.GetGuid(0), r.GetString(1), r.GetString(2), r.GetString(3), r.GetInt64(4), r.GetInt64(5), r.GetString(6)));
        Assert.Equal((kept.Id, "kept", "m1", "completed", 5L, 5L, "x"), Assert.Single(results));

        var aggregates = await QueryAsync(connectionString,
            "SELECT metric, score, score_type, count, mean, std_dev, median, COALESCE(ci_low < mean AND mean < ci_high, false) FROM " +
                "evalstore_aggregates ORDER BY metric",
            r => (r.GetString(0), r.GetString(1), r.GetString(2), r.GetInt64(3), r.GetDouble(4), r.GetDouble(5), r.GetDouble(6),
                r.GetBoolean(7)));
        Assert.Equal(["bleu", "exact-match", "string-check"], aggregates.Select(a => a.Item1));
        // A corpus score has no score key: the view names it from its aggregate.
        Assert.Equal(("bleu", "corpus", "range", 1L, 0.42),
            (aggregates[0].Item1, aggregates[0].Item2, aggregates[0].Item3, aggregates[0].Item4, aggregates[0].Item5));
        var exact = aggregates[1];
        Assert.Equal(("exact-match", "exact-match", "range", 5L), (exact.Item1, exact.Item2, exact.Item3, exact.Item4));
        Assert.Equal(0.6, exact.Item5, 9);
        Assert.Equal(0.489898, exact.Item6, 6);
        Assert.Equal(1.0, exact.Item7, 9);
        Assert.True(exact.Item8);

        var rows = await QueryAsync(connectionString, """
            SELECT row_index, trial, metric, value, item ->> 'input', sample ->> 'output_text', length(row_digest)
            FROM evalstore_row_scores WHERE result_name = 'kept' ORDER BY metric, row_index
            """, r => (r.GetInt64(0), r.GetInt32(1), r.GetString(2), r.GetDouble(3), r.GetString(4), r.GetString(5), r.GetInt32(6)));
        Assert.Equal(10, rows.Count);
        Assert.Equal((0L, 0, "exact-match", 0.0, "What is 2+2?", "The answer is 4", 43), rows[0]);
        Assert.Equal([0.0, 0, 1, 1, 1], rows.Where(r => r.Item3 == "exact-match").Select(r => r.Item4));
        Assert.Empty(
            await QueryAsync(connectionString, "SELECT 1 FROM evalstore_row_scores WHERE result_name = 'deleted'", r => r.GetInt32(0)));
    }

    [PostgresFact]
    public async Task ReadOnlyRole_FromTheDocumentedRecipe_SelectsViewsButNotTables()
    {
        var connectionString = await database.NewSchemaAsync();
        await using (var store = await PostgresStore.OpenAsync(connectionString))
        {
            await store.ImportResultAsync(Ws, new RunSpec { Name = "seed" }, Rows.Parse(Rows.Seed004));
        }
        var schema = new NpgsqlConnectionStringBuilder(connectionString).SearchPath!;
        var role = "evalstore_bi_" + Guid.NewGuid().ToString("N")[..8];
        var recipe = ReadOnlyRoleRecipe(role, database.Name, schema);
        await ExecuteAsync(connectionString, recipe);
        try
        {
            var reader = new NpgsqlConnectionStringBuilder(
                connectionString) { Username = role, Password = "bi-secret", Pooling = false }.ConnectionString;
            Assert.Equal([1L], await QueryAsync(reader, "SELECT count(*) FROM evalstore_results", r => r.GetInt64(0)));
            Assert.Equal([10L], await QueryAsync(reader, "SELECT count(*) FROM evalstore_row_scores", r => r.GetInt64(0)));
            Assert.Equal([2L], await QueryAsync(reader, "SELECT count(*) FROM evalstore_aggregates", r => r.GetInt64(0)));
            foreach (var sql in new[] { "SELECT count(*) FROM rows", "SELECT count(*) FROM api_keys" })
            {
                var denied = await Assert.ThrowsAsync<PostgresException>(() => ExecuteAsync(reader, sql));
                Assert.Equal(PostgresErrorCodes.InsufficientPrivilege, denied.SqlState);
            }
            // Writes fail either for want of privilege or because the role's sessions are read-only.
            foreach (var sql in new[] { "DELETE FROM results", "CREATE TABLE sneaky (x int)",
                "INSERT INTO workspaces VALUES ('x', now())" })
            {
                var denied = await Assert.ThrowsAsync<PostgresException>(() => ExecuteAsync(reader, sql));
                Assert.Contains(
                    denied.SqlState, new[] { PostgresErrorCodes.InsufficientPrivilege, PostgresErrorCodes.ReadOnlySqlTransaction });
            }
        }
        finally
        {
            await ExecuteAsync(connectionString, $"""
                REVOKE ALL ON ALL TABLES IN SCHEMA {schema} FROM {role};
                REVOKE ALL ON SCHEMA {schema} FROM {role};
                REVOKE ALL ON DATABASE "{database.Name}" FROM {role};
                DROP ROLE {role};
                """);
        }
    }

    /// <summary>The recipe of docs/postgres.md, with this test's names substituted.</summary>
    private static string ReadOnlyRoleRecipe(string role, string databaseName, string schema)
    {
        var docs = File.ReadAllText(Path.Combine(RepositoryRoot(), "docs", "postgres.md"));
        const string begin = "<!-- read-only-role:begin -->";
        const string end = "<!-- read-only-role:end -->";
        var block = docs[(docs.IndexOf(begin, StringComparison.Ordinal) + begin.Length)..docs.IndexOf(end, StringComparison.Ordinal)];
        var sql = block[(block.IndexOf("```sql", StringComparison.Ordinal) + 6)..block.LastIndexOf("```", StringComparison.Ordinal)];
        return sql.Replace("evalstore_bi", role, StringComparison.Ordinal)
            .Replace("'change-me'", "'bi-secret'", StringComparison.Ordinal)
            .Replace("DATABASE evalstore", $"DATABASE \"{databaseName}\"", StringComparison.Ordinal)
            .Replace("SCHEMA public", $"SCHEMA {schema}", StringComparison.Ordinal)
            .Replace("public.evalstore_", $"{schema}.evalstore_", StringComparison.Ordinal);
    }

    private static string RepositoryRoot()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "Evalstore.slnx")))
        {
            directory = directory.Parent;
        }
        return directory?.FullName ?? throw new InvalidOperationException("Evalstore.slnx not found above the test directory.");
    }

    private static async Task ExecuteAsync(string connectionString, string sql)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }

    private static async Task<List<T>> QueryAsync<T>(string connectionString, string sql, Func<NpgsqlDataReader, T> read)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await using var reader = await command.ExecuteReaderAsync();
        var list = new List<T>();
        while (await reader.ReadAsync())
        {
            list.Add(read(reader));
        }
        return list;
    }
}
