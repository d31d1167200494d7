using System.Net;
using System.Text.Json;
using Evalstore.Client;
using Evalstore.Core.Model;
using Evalstore.Server.Tests.Support;
using Evalstore.Server.Tests.Support.Postgres;

namespace Evalstore.Server.Tests.Api;

/// <summary>
/// The native result list counts only on request (<c>count=true</c>): without it a page reads one result more than it
/// shows and says whether another page follows, and its totals cover the pages so far, so a client paging until
/// <c>total_pages</c> still reads every result once. The SDK asks for the count, so its totals stay exact.
/// </summary>
public abstract class ListCountTests : PerStoreServerTests
{
    private const string List = "api/v1/workspaces/default/results";

    public override async ValueTask InitializeAsync()
    {
        await base.InitializeAsync();
        for (var i = 0; i < 7; i++)
        {
            await Server.Store.ImportResultAsync("default", new RunSpec { Name = $"run-{i}" },
                Rows.Parse([Rows.Synthetic(0, 0.5, true)]));
        }
    }

    [Fact]
    public async Task WithoutCount_APageSaysWhetherMoreFollow_AndTotalsCoverThePagesSoFar()
    {
        var first = await PaginationAsync($"{List}?page_size=3");
        Assert.False(first.GetProperty("counted").GetBoolean());
        Assert.True(first.GetProperty("has_more").GetBoolean());
        Assert.Equal(4, first.GetProperty("total_results").GetInt64()); // 3 shown + 1 known to follow
        Assert.Equal(2, first.GetProperty("total_pages").GetInt32());
        var last = await PaginationAsync($"{List}?page_size=3&page=3");
        Assert.False(last.GetProperty("has_more").GetBoolean());
        Assert.Equal(7, last.GetProperty("total_results").GetInt64()); // exact on the last page
        Assert.Equal(1, last.GetProperty("current_page_size").GetInt32());

        // An old client that pages until total_pages reads every result once.
        var names = new List<string>();
        for (var page = 1; ; page++)
        {
            using var response = await Server.Http.GetAsync($"{List}?page_size=3&page={page}");
            using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
            names.AddRange(body.RootElement.GetProperty("data").EnumerateArray().Select(r => r.GetProperty("name").GetString()!));
            if (page >= body.RootElement.GetProperty("pagination").GetProperty("total_pages").GetInt32())
            {
                break;
            }
        }
        Assert.Equal(Enumerable.Range(0, 7).Select(i => $"run-{i}").Order(), names.Order());
    }

    [Fact]
    public async Task CountTrue_CountsEveryMatch_AndTheSdkAsksForIt()
    {
        var counted = await PaginationAsync($"{List}?page_size=3&count=true");
        Assert.True(counted.GetProperty("counted").GetBoolean());
        Assert.Equal(7, counted.GetProperty("total_results").GetInt64());
        Assert.Equal(3, counted.GetProperty("total_pages").GetInt32());
        Assert.True(counted.GetProperty("has_more").GetBoolean());
        using var bad = await Server.Http.GetAsync($"{List}?count=maybe");
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);

        await using var client = new EvalstoreClient(Server.Http);
        var page = await client.ListResultsAsync("default", new ResultQuery { PageSize = 3 });
        Assert.True(page.Counted);
        Assert.Equal(7, page.TotalResults);
        var uncounted = await client.ListResultsAsync("default", new ResultQuery { PageSize = 3, Count = false });
        Assert.False(uncounted.Counted);
        Assert.True(uncounted.HasMore);
        Assert.Equal(7, await client.ListAllResultsAsync("default", new ResultQuery { PageSize = 2 }).CountAsync());
        // The store itself: the same page either way.
        var store = await Server.Store.ListResultsAsync("default", new ResultQuery { PageSize = 3, Page = 2, Count = false });
        Assert.Equal(3, store.Data.Count);
        Assert.Equal(7, store.TotalResults);
        Assert.Equal((await Server.Store.ListResultsAsync("default", new ResultQuery { PageSize = 3, Page = 2 })).Data.Select(r => r.Id),
            store.Data.Select(r => r.Id));
    }

    private async Task<JsonElement> PaginationAsync(string path)
    {
        using var response = await Server.Http.GetAsync(path);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return body.RootElement.GetProperty("pagination").Clone();
    }
}

/// <summary>List counting over SQLite.</summary>
public sealed class SqliteListCountTests : ListCountTests
{
    protected override Task<TestServer> StartServerAsync() => TestServer.StartAsync();
}

/// <summary>List counting over PostgreSQL (a fresh schema per test).</summary>
[Collection(PostgresCollection.Name)]
public sealed class PostgresListCountTests(PostgresDatabase database) : ListCountTests
{
    protected override Task<TestServer> StartServerAsync() => database.StartServerAsync();
}
