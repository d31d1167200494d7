using System.Net;
using Evalstore.Core.Model;
using Evalstore.Server.Tests.Support;
using Evalstore.Server.Tests.Support.Postgres;

namespace Evalstore.Server.Tests.Ui;

/// <summary>
/// Every web UI page renders whole on each store. The browser tests drive the pages on SQLite, whose reads mostly
/// complete at once; on PostgreSQL they truly await, which once rendered pages before their data had loaded.
/// </summary>
public abstract class UiPageStoreTests : PerStoreServerTests
{

    public override async ValueTask InitializeAsync()
    {
        await base.InitializeAsync();
        foreach (var (name, model) in new[] { ("run-a", "model-a"), ("run-b", "model-b") })
        {
            await Server.Store.ImportResultAsync(
                "default", new RunSpec { Name = name, Model = model, Dataset = "qa" }, Rows.Parse(Rows.Seed004));
        }
    }

    [Theory]
    [InlineData("/", "run-a")]
    [InlineData("/results?q=model%3A%22model-b%22", "run-b")]
    [InlineData("/results/run-a", "exact-match")]
    [InlineData("/results/run-a?where=exact-match%3C0.5", "run-a")]
    [InlineData("/results/run-a/rows/0", "run-b")]
    [InlineData("/compare?a=run-a&b=run-b", "run-b")]
    [InlineData("/leaderboard?dataset=qa", "model-b")]
    [InlineData("/signin", "API key")]
    public async Task Page_RendersWithItsData(string path, string expected)
    {
        using var response = await Server.Http.GetAsync(path);
        var html = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{path}: {(int)response.StatusCode} {html[..Math.Min(html.Length, 500)]}");
        Assert.Contains(expected, html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task UnknownResult_IsA404Page()
    {
        using var response = await Server.Http.GetAsync("/results/no-such-run");
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }
}

/// <summary>The pages over SQLite.</summary>
public sealed class SqliteUiPageStoreTests : UiPageStoreTests
{
    protected override Task<TestServer> StartServerAsync() => TestServer.StartAsync();
}

/// <summary>The pages over PostgreSQL (a fresh schema per test).</summary>
[Collection(PostgresCollection.Name)]
public sealed class PostgresUiPageStoreTests(PostgresDatabase database) : UiPageStoreTests
{
    protected override Task<TestServer> StartServerAsync() => database.StartServerAsync();
}
