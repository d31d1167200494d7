using Evalstore.Resilience.Tests.Support;

namespace Evalstore.Resilience.Tests.Kills;

/// <summary>The kill -9 loop on SQLite: 10 kills during keyed batch writes and 3 during completion.</summary>
public sealed class SqliteKillLoopTests(ITestOutputHelper output)
{
    [Fact]
    public async Task KillNine_DuringBatchesAndCompletion_LosesNothingAcknowledged_StoresRetriesOnce()
    {
        var directory = Path.Combine(Path.GetTempPath(), "evalstore-kill", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(directory);
        try
        {
            var file = Path.Combine(directory, "evalstore.db");
            var seed = Environment.TickCount;
            var figures = await new KillLoop(["--db", file], file, seed)
                .RunAsync(batchKills: 10, completionKills: 3);
            output.WriteLine($"SQLite kill loop (seed {seed}): {figures}");
            Assert.True(figures.Acknowledged >= 10, $"too few batches acknowledged to mean anything: {figures}");
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }
}

/// <summary>The kill -9 loop on PostgreSQL: the same, over a fresh schema.</summary>
public sealed class PostgresKillLoopTests(ITestOutputHelper output)
{
    [PostgresFact]
    public async Task KillNine_DuringBatchesAndCompletion_LosesNothingAcknowledged_StoresRetriesOnce()
    {
        var connection = await Postgres.NewSchemaAsync();
        var seed = Environment.TickCount;
        var figures = await new KillLoop(["--postgres", connection], null, seed)
            .RunAsync(batchKills: 10, completionKills: 3);
        output.WriteLine($"PostgreSQL kill loop (seed {seed}): {figures}");
        Assert.True(figures.Acknowledged >= 10, $"too few batches acknowledged to mean anything: {figures}");
    }
}
