using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Evalstore.Server.Tests.Support;
using Evalstore.Server.Tests.Support.Postgres;

namespace Evalstore.Server.Tests.Api;

/// <summary>
/// <c>POST …/imports/batch</c> over real HTTP, as a client without the SDK sends it: NDJSON, one result per line. A bad
/// line anywhere is a 400 that names it, and nothing of the batch is stored.
/// </summary>
public abstract class ImportBatchApiTests : PerStoreServerTests
{
    private const string Batch = "api/v1/workspaces/default/imports/batch";
    private const string Row = """{"item": {"q": "ROW"}, "sample": {}, "metrics": {"acc": [{"name": "acc", "value": 1}]}}""";

    private static string Line(string name, int rows = 3, string? row = null) =>
        "{\"spec\": {\"name\": \"" + name + "\", \"model\": \"m\"}, \"rows\": ["
        + string.Join(", ", Enumerable.Range(0, rows).Select(i => row ?? Row.Replace("ROW", $"{name}-{i}", StringComparison.Ordinal)))
        + "]}";

    private async Task<(HttpStatusCode Status, JsonElement Body)> PostAsync(params string[] lines)
    {
        using var content = new StringContent(string.Join("\n", lines) + "\n", Encoding.UTF8, "application/x-ndjson");
        using var response = await Server.Http.PostAsync(Batch, content);
        return (response.StatusCode, JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.Clone());
    }

    private async Task<int> ResultCountAsync() =>
        (await Server.Http.GetFromJsonAsync<JsonElement>("api/v1/workspaces/default/results?page_size=100"))
            .GetProperty("data").GetArrayLength();

    [Fact]
    public async Task ABatch_CreatesEveryResult_AndAnswersThemInOrder()
    {
        var (status, body) = await PostAsync(Line("a"), "", Line("b", 5), Line("c", 1));

        Assert.Equal(HttpStatusCode.Created, status);
        var data = body.GetProperty("data").EnumerateArray().ToList();
        Assert.Equal(["a", "b", "c"], data.Select(r => r.GetProperty("name").GetString()));
        Assert.Equal([3L, 5L, 1L], data.Select(r => r.GetProperty("row_count").GetInt64()));
        Assert.All(data, r => Assert.Equal("completed", r.GetProperty("status").GetString()));
        Assert.Equal(1.0, data[1].GetProperty("scores")[0].GetProperty("mean").GetDouble());
        Assert.Equal(3, await ResultCountAsync());
    }

    public static TheoryData<string, string> BadLines => new()
    {
        { "not JSON", "batch line 2: malformed JSON" },
        { "[1, 2]", "batch line 2: expected a JSON object" },
        { """{"rows": []}""", "batch line 2: 'spec' must come before 'rows'" },
        { """{"spec": {"name": "x"}}""", "batch line 2: result 'x' has no rows" },
        { """{"spec": {"name": "x"}, "rows": []}""", "batch line 2: result 'x' has no rows" },
        { """{"spec": {"name": "x"}, "rows": {}}""", "batch line 2: 'rows' must be an array" },
        { """{"spec": {"name": "x"}, "extra": 1}""", "batch line 2: unknown field 'extra'" },
        {
            """{"spec": {"name": "x"}, "rows": [{"item": {"q": 1}, "metrics": {}}]}""",
            "batch line 2: result 'x', row 1: 'sample' is required"
        },
        { """{"spec": {"name": 5}, "rows": []}""", "batch line 2: malformed JSON" },
    };

    [Theory]
    [MemberData(nameof(BadLines))]
    public async Task ABadLineAnywhere_Is400NamingIt_AndStoresNothing(string bad, string expected)
    {
        var (status, problem) = await PostAsync(Line("first"), bad, Line("last"));

        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.StartsWith(expected, problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Equal(0, await ResultCountAsync());
    }

    [Fact]
    public async Task ATakenName_Is409_AndStoresNothing_AndAnEmptyBatchIs400()
    {
        Assert.Equal(HttpStatusCode.Created, (await PostAsync(Line("taken"))).Status);

        var (status, _) = await PostAsync(Line("new-1"), Line("taken"), Line("new-2"));
        Assert.Equal(HttpStatusCode.Conflict, status);
        Assert.Equal(1, await ResultCountAsync());

        var (empty, problem) = await PostAsync("");
        Assert.Equal(HttpStatusCode.BadRequest, empty);
        Assert.Contains("holds no result", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        using var unknown = await Server.Http.PostAsync($"{Batch}?replace=true", new StringContent(Line("q")));
        Assert.Equal(HttpStatusCode.BadRequest, unknown.StatusCode);
    }
}

/// <summary>Batch import over SQLite.</summary>
public sealed class SqliteImportBatchApiTests : ImportBatchApiTests
{
    protected override Task<TestServer> StartServerAsync() => TestServer.StartAsync();
}

/// <summary>Batch import over PostgreSQL (a fresh schema per test).</summary>
[Collection(PostgresCollection.Name)]
public sealed class PostgresImportBatchApiTests(PostgresDatabase database) : ImportBatchApiTests
{
    protected override Task<TestServer> StartServerAsync() => database.StartServerAsync();
}
