using System.Net;
using System.Net.Http.Headers;
using Evalstore.Cli.Commands;
using Evalstore.Core.Model;
using Evalstore.Server.Storage.Postgres;
using Evalstore.Server.Storage.Sqlite;
using Evalstore.Server.Storage.Transfer;
using Evalstore.Server.Tests.Support;
using Evalstore.Server.Tests.Support.Postgres;

namespace Evalstore.Cli.Tests.Backup;

/// <summary>
/// <c>evalstore copy --from-server … --to-server …</c> between real <c>evalstore serve</c> processes on loopback: a SQLite
/// server → PostgreSQL server → SQLite server round trip gives back the same store (ids, timestamps, statuses, labels,
/// every row, aggregates, documents, keys with their hashes), a copy cancelled half way resumes, and bad keys or URLs
/// stop it with a clear exit code and message.
/// </summary>
[Collection(PostgresCollection.Name)]
public sealed class ServerCopyTests(PostgresDatabase postgres) : IDisposable
{
    private readonly TempDirectory _directory = new();

    public void Dispose() => _directory.Dispose();

    [Fact]
    public async Task SqliteServerToPostgresServerAndBack_GivesBackTheSameStore()
    {
        var source = _directory.File("source.db");
        var back = _directory.File("back.db");
        var pg = await postgres.NewSchemaAsync();
        var (teamB, admin) = await FillAsync(source);
        await using var from = await ServerProcess.StartAsync(["serve", "--db", source, "--urls", "http://127.0.0.1:0"]);
        await using var middle = await ServerProcess.StartAsync(pg);
        await using var home = await ServerProcess.StartAsync(["serve", "--db", back, "--urls", "http://127.0.0.1:0"]);

        // Keyed source, keyless target: the keys land first, then the source's keys reach the target's workspaces.
        var there = await CliRunner.RunAsync("copy", "--from-server", Url(from), "--to-server", Url(middle),
            "--from-api-key", admin, "--from-api-key", teamB);
        Assert.True(there.ExitCode == 0, there.Out + there.Err);
        Assert.Contains("6 results (5,200 rows): 6 copied, 0 already there, 0 redone; 4 API keys; 1 documents.", there.Out,
            StringComparison.Ordinal);
        Assert.Contains("Verified:", there.Out, StringComparison.Ordinal);
        Assert.Contains("[6/6] ", there.Err, StringComparison.Ordinal);
        // Now both ends have keys: the same secrets work on the target.
        var returned = await CliRunner.RunAsync("copy", "--from-server", Url(middle), "--to-server", Url(home),
            "--from-api-key", admin, "--from-api-key", teamB);
        Assert.True(returned.ExitCode == 0, returned.Out + returned.Err);
        Assert.Contains("6 copied", returned.Out, StringComparison.Ordinal);
        var again = await CliRunner.RunAsync("copy", "--from-server", Url(from), "--to-server", Url(middle),
            "--from-api-key", admin, "--from-api-key", teamB, "--to-api-key", admin);
        Assert.True(again.ExitCode == 0, again.Out + again.Err);
        Assert.Contains("6 results (5,200 rows): 0 copied, 6 already there, 0 redone", again.Out, StringComparison.Ordinal);

        await using var original = await SqliteStore.OpenAsync(source);
        await using var viaPostgres = await PostgresStore.OpenAsync(pg);
        await using var home2 = await SqliteStore.OpenAsync(back);
        var expected = await CopyTests.SnapshotAsync(original);
        Assert.Equal(expected, await CopyTests.SnapshotAsync(viaPostgres));
        Assert.Equal(expected, await CopyTests.SnapshotAsync(home2));
        Assert.Equal("team-b", (await viaPostgres.AuthenticateAsync(teamB))?.Workspace);
        Assert.Empty(await viaPostgres.CheckIntegrityAsync());
        Assert.Empty(await SqliteHealth.CheckAsync(back, default));
    }

    [Fact]
    public async Task ACancelledServerCopy_LeavesWholeResults_AndARerunCompletesIt()
    {
        var source = _directory.File("big.db");
        var pg = await postgres.NewSchemaAsync();
        var (teamB, admin) = await FillAsync(source);
        await using (var store = await SqliteStore.OpenAsync(source))
        {
            for (var i = 0; i < 4; i++)
            {
                await StoreFiller.ImportAsync(store, $"extra-{i}", 700);
            }
        }
        await using var from = await ServerProcess.StartAsync(["serve", "--db", source, "--urls", "http://127.0.0.1:0"]);
        await using var to = await ServerProcess.StartAsync(pg);
        await using (var sourceServer = await ServerTransfer.OpenSourceAsync(from.BaseAddress, [admin, teamB], default))
        await using (var targetServer = await ServerTransfer.OpenTargetAsync(to.BaseAddress, [], sourceServer, default))
        {
            using var stop = new CancellationTokenSource();
            var steps = 0;
            var progress = new Inline(_ =>
            {
                if (++steps == 3)
                {
                    stop.Cancel();
                }
            });
            await Assert.ThrowsAnyAsync<OperationCanceledException>(
                () => new StoreCopier(sourceServer, targetServer).CopyAsync(progress, stop.Token));
        }
        await using var original = await SqliteStore.OpenAsync(source);
        await using (var partialStore = await PostgresStore.OpenAsync(pg))
        {
            var partial = (await CopyTests.SnapshotAsync(partialStore)).Where(l => l.StartsWith("result ", StringComparison.Ordinal))
                .ToList();
            Assert.InRange(partial.Count, 3, 4);
            var full = await CopyTests.SnapshotAsync(original);
            Assert.All(partial, line => Assert.Contains(line, full));
        }

        // The running result grows meanwhile (through the source server): the rerun redoes it and copies the rest.
        await using (var client = new Evalstore.Client.EvalstoreClient(from.BaseAddress, admin))
        {
            var running = (await client.ListResultsAsync("default", new ResultQuery())).Data.Single(r => r.Status == ResultStatus.Running);
            await client.AppendRowsAsync("default", running.Id, Rows.Parse(StoreFiller.Lines("grows", 50, first: 1000)));
        }
        var rerun = await CliRunner.RunAsync("copy", "--from-server", Url(from), "--to-server", Url(to),
            "--from-api-key", admin, "--from-api-key", teamB);
        Assert.True(rerun.ExitCode == 0, rerun.Out + rerun.Err);
        Assert.Matches(@"10 results \(10,900 rows\): \d copied, \d already there, \d redone", rerun.Out);
        Assert.Contains("Verified:", rerun.Out, StringComparison.Ordinal);
        await using var target = await PostgresStore.OpenAsync(pg);
        Assert.Equal(await CopyTests.SnapshotAsync(original), await CopyTests.SnapshotAsync(target));
    }

    [Fact]
    public async Task WrongKeys_UnreachableServers_AndBadBodies_AreClearErrors()
    {
        var source = _directory.File("keyed.db");
        var (_, admin) = await FillAsync(source);
        string reader;
        await using (var store = await SqliteStore.OpenAsync(source))
        {
            reader = (await store.CreateKeyAsync("default", KeyRole.Read, "dashboards")).Secret;
        }
        await using var from = await ServerProcess.StartAsync(["serve", "--db", source, "--urls", "http://127.0.0.1:0"]);
        var wrong = await CliRunner.RunAsync("copy", "--from-server", Url(from), "--from-api-key", "es_not-a-key",
            "--to-db", _directory.File("t1.db"));
        Assert.Equal(ExitCodes.AccessDenied, wrong.ExitCode);
        Assert.Contains($"The source server {Url(from)}", wrong.Err, StringComparison.Ordinal);
        Assert.Contains("not valid", wrong.Err, StringComparison.Ordinal);
        var readOnly = await CliRunner.RunAsync("copy", "--from-server", Url(from), "--from-api-key", reader,
            "--to-db", _directory.File("t2.db"));
        Assert.Equal(ExitCodes.AccessDenied, readOnly.ExitCode);
        Assert.Contains("'read' role", readOnly.Err, StringComparison.Ordinal);
        var noKey = await CliRunner.RunAsync("copy", "--from-server", Url(from), "--to-db", _directory.File("t3.db"));
        Assert.Equal(ExitCodes.AccessDenied, noKey.ExitCode);
        Assert.Contains("API key is required", noKey.Err, StringComparison.Ordinal);
        var unreachable = await CliRunner.RunAsync("copy", "--from-server", Url(from), "--from-api-key", admin,
            "--to-server", "http://127.0.0.1:1");
        Assert.Equal(ExitCodes.Unavailable, unreachable.ExitCode);
        Assert.Contains("the target server http://127.0.0.1:1/", unreachable.Err, StringComparison.Ordinal);
        var notUrl = await CliRunner.RunAsync("copy", "--from-server", "ftp://x", "--to-db", _directory.File("t4.db"));
        Assert.Equal(ExitCodes.UsageError, notUrl.ExitCode);
        Assert.Contains("is not an http(s) URL", notUrl.Err, StringComparison.Ordinal);
        var two = await CliRunner.RunAsync("copy", "--from-server", Url(from), "--from-db", source, "--to-db", _directory.File("t5.db"));
        Assert.Equal(ExitCodes.UsageError, two.ExitCode);
        Assert.False(File.Exists(_directory.File("t5.db")));

        // The transfer endpoints refuse what is not theirs to take, and write nothing.
        using var http = new HttpClient { BaseAddress = from.BaseAddress };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", admin);
        var id = Guid.NewGuid();
        using var json = await http.PutAsync($"api/v1/workspaces/default/transfer/results/{id}",
            new StringContent("{}", System.Text.Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.BadRequest, json.StatusCode);
        Assert.Contains("multipart/form-data", await json.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        await using var sdk = new Evalstore.Client.EvalstoreClient(from.BaseAddress, admin);
        var existing = (await sdk.ListResultsAsync("default", new ResultQuery())).Data[0];
        using var mismatch = await http.PutAsync($"api/v1/workspaces/default/transfer/results/{id}", new MultipartFormDataContent
        {
            { System.Net.Http.Json.JsonContent.Create(new TransferResult(existing with { Name = "other" }, []),
                options: Evalstore.Core.Json.EvalstoreJson.Options), "result" },
            { new StringContent(""), "rows", "rows.jsonl" },
        });
        Assert.Equal(HttpStatusCode.BadRequest, mismatch.StatusCode);
        Assert.Contains($"the 'result' part {existing.Id}", await mismatch.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        var teamB = await Assert.ThrowsAsync<Evalstore.Core.EvalstoreException>(() => sdk.PutTransferKeysAsync(
            [new StoredApiKey("k1", "team-b", "admin", [1, 2, 3], "es_k1", null, DateTimeOffset.UtcNow, null)]));
        Assert.Equal(404, teamB.Status);
        Assert.DoesNotContain(await sdk.ReadTransferKeysAsync(), k => k.Id == "k1");
        Assert.All(await sdk.ReadTransferKeysAsync(), k => Assert.Equal("default", k.Workspace));
        Assert.Equal(["default"], await sdk.ListTransferWorkspacesAsync());
        using var documents = await http.GetAsync($"api/v1/workspaces/default/transfer/results/{id}/documents");
        Assert.Equal(HttpStatusCode.NotFound, documents.StatusCode);
        Assert.Null(await sdk.GetResultAsync("default", "other"));
    }

    /// <summary>The copy tests' store in a SQLite file and an admin key of the default workspace: (team-b, default) secrets.</summary>
    private static async Task<(string TeamB, string Admin)> FillAsync(string file)
    {
        await using var store = await SqliteStore.OpenAsync(file);
        var teamB = await CopyTests.FillAsync(store);
        return (teamB, (await store.CreateKeyAsync("default", KeyRole.Admin, "copy")).Secret);
    }

    private static string Url(ServerProcess server) => server.BaseAddress.ToString();

    private sealed class Inline(Action<CopyStep> report) : IProgress<CopyStep>
    {
        public void Report(CopyStep value) => report(value);
    }
}
