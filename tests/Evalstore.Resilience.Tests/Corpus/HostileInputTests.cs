using System.Net.Http.Headers;
using System.Text.Json;
using Evalstore.Resilience.Tests.Support;

namespace Evalstore.Resilience.Tests.Corpus;

/// <summary>
/// The hostile-input corpus, against a real server on SQLite and on PostgreSQL: every case gets exactly its status and
/// a clear error body, and changes nothing (results, rows and keys are the same before and after).
/// </summary>
public sealed class HostileInputTests(CorpusServers servers) : IClassFixture<CorpusServers>
{
    public static TheoryData<string> Cases => new(HostileCase.All.Select(c => c.Name));

    [Fact]
    public void TheCorpusHasAtLeast150Cases() => Assert.True(HostileCase.All.Count >= 150, $"{HostileCase.All.Count} cases");

    [Theory]
    [MemberData(nameof(Cases))]
    public Task Sqlite(string name) => RunAsync(StoreKind.Sqlite, name);

    [PostgresTheory]
    [MemberData(nameof(Cases))]
    public Task Postgres(string name) => RunAsync(StoreKind.Postgres, name);

    private async Task RunAsync(StoreKind kind, string name)
    {
        var hostile = HostileCase.All.Single(c => c.Name == name);
        var fixture = await servers.GetAsync(kind);
        var before = await fixture.SnapshotAsync();

        using var request = new HttpRequestMessage(new HttpMethod(hostile.Method), hostile.Expand(hostile.Path, fixture));
        if (hostile.Method is not ("GET" or "DELETE") || hostile.Body is not null || hostile.Generate is not null)
        {
            request.Content = new ByteArrayContent(hostile.BodyBytes(fixture));
            request.Content.Headers.TryAddWithoutValidation("Content-Type", hostile.ContentType);
        }
        foreach (var (header, value) in hostile.Headers)
        {
            request.Headers.TryAddWithoutValidation(header, hostile.Expand(value, fixture));
        }
        using var response = await fixture.Server.Http.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();

        Assert.True((int)response.StatusCode == hostile.Status,
            $"{name}: expected {hostile.Status}, got {(int)response.StatusCode}: {text}");
        if (hostile.Status >= 400)
        {
            AssertErrorBody(hostile, response.Content.Headers.ContentType, text);
        }
        else if (hostile.Detail is not null)
        {
            Assert.Contains(hostile.Detail, text, StringComparison.Ordinal);
        }
        Assert.Equal(before, await fixture.SnapshotAsync());
    }

    private static void AssertErrorBody(HostileCase hostile, MediaTypeHeaderValue? type, string text)
    {
        if (hostile.Shape == "transport")
        {
            return; // refused by Kestrel before the application sees the request: a status, no body
        }
        if (hostile.Shape == "vendor")
        {
            Assert.False(string.IsNullOrWhiteSpace(text), $"{hostile.Name}: an empty error body");
            if (hostile.Detail is not null)
            {
                Assert.Contains(hostile.Detail, text, StringComparison.Ordinal);
            }
            return;
        }
        Assert.Equal("application/problem+json", type?.MediaType);
        using var document = JsonDocument.Parse(text);
        var problem = document.RootElement;
        Assert.Equal(hostile.Status, problem.GetProperty("status").GetInt32());
        Assert.False(string.IsNullOrWhiteSpace(problem.GetProperty("title").GetString()));
        var detail = problem.GetProperty("detail").GetString() ?? "";
        Assert.True(detail.Length is > 10 and < 2000, $"{hostile.Name}: detail '{detail}'");
        if (hostile.Detail is not null)
        {
            Assert.Contains(hostile.Detail, detail, StringComparison.Ordinal);
        }
        foreach (var (member, expected) in hostile.Members)
        {
            Assert.True(problem.TryGetProperty(member, out var actual), $"{hostile.Name}: no '{member}' in {text}");
            Assert.Equal(expected.GetRawText(), actual.GetRawText());
        }
    }
}
