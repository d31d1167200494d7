using System.IO.Compression;
using System.Net;
using System.Text;
using Evalstore.Core.Model;
using Evalstore.Server.Tests.Support;
using Evalstore.Server.Tests.Support.Postgres;

namespace Evalstore.Server.Tests.Api;

/// <summary>
/// Responses are compressed with Brotli or gzip when the client asks (Accept-Encoding) and sent plain otherwise. Row
/// streams and exports come from the store, so every case runs on each store.
/// </summary>
public abstract class CompressionTests : PerStoreServerTests
{
    private const string Rows = "api/v1/workspaces/default/results/run-a/rows";
    private const string Csv = "api/v1/workspaces/default/results/run-a/export?format=csv";

    public override async ValueTask InitializeAsync()
    {
        await base.InitializeAsync();
        var lines = Enumerable.Range(0, 2_000).Select(i => Support.Rows.Synthetic(i, i % 10 / 10.0, i % 3 == 0));
        await Server.Store.ImportResultAsync("default", new RunSpec { Name = "run-a", Model = "model-a", Dataset = "qa" },
            Support.Rows.Parse(lines));
    }

    [Theory]
    [InlineData("/", "text/html")]
    [InlineData("/results/run-a", "text/html")]
    [InlineData("/results/no-such-run", "text/html")]
    [InlineData("api/v1/workspaces/default/results", "application/json")]
    [InlineData("api/v1/workspaces/default/results/no-such-run", "application/problem+json")]
    [InlineData(Rows, "application/jsonl")]
    [InlineData(Csv, "text/csv")]
    public async Task AskedFor_IsCompressed_AndDecompressesToThePlainBody(string path, string contentType)
    {
        var (plain, plainStatus) = await GetAsync(path, encoding: null);
        Assert.StartsWith(contentType, plain.Content.Headers.ContentType?.ToString(), StringComparison.Ordinal);
        Assert.Empty(plain.Content.Headers.ContentEncoding);
        var plainBody = await plain.Content.ReadAsByteArrayAsync();
        foreach (var encoding in new[] { "br", "gzip" })
        {
            var (packed, status) = await GetAsync(path, encoding);
            Assert.Equal(plainStatus, status);
            Assert.Equal([encoding], packed.Content.Headers.ContentEncoding);
            Assert.Contains("Accept-Encoding", packed.Headers.Vary);
            var packedBody = await packed.Content.ReadAsByteArrayAsync();
            var unpacked = Decompress(packedBody, encoding);
            Assert.True(unpacked.Length < 1_000 || packedBody.Length < unpacked.Length * 3 / 4,
                $"{path} {encoding}: {packedBody.Length} bytes from {unpacked.Length}");
            if (path is Rows or Csv)
            {
                Assert.Equal(plainBody, unpacked); // the same bytes, row for row
            }
            else
            {
                Assert.Equal((double)Text(plainBody).Length, Text(unpacked).Length, tolerance: 200); // antiforgery tokens vary
            }
        }
    }

    [Theory]
    [InlineData("/", "br")]
    [InlineData("api/v1/workspaces/default/results", "br")]
    [InlineData(Rows, "gzip")]
    [InlineData(Csv, "gzip")]
    public async Task WhenBothAreAccepted_PagesGetBrotli_AndRowStreamsTheCheaperGzip(string path, string expected)
    {
        var (response, _) = await GetAsync(path, "gzip, deflate, br");
        Assert.Equal([expected], response.Content.Headers.ContentEncoding);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("identity")]
    [InlineData("deflate")]
    [InlineData("br;q=0, gzip;q=0")]
    public async Task NotAskedFor_IsPlain(string? acceptEncoding)
    {
        foreach (var path in new[] { "/", Rows, Csv, "api/v1/workspaces/default/results" })
        {
            var (response, status) = await GetAsync(path, acceptEncoding);
            Assert.Equal(HttpStatusCode.OK, status);
            Assert.Empty(response.Content.Headers.ContentEncoding);
        }
    }

    [Fact]
    public async Task StylesheetsCompress_ButWorkbooksAreZipAlready()
    {
        var (page, _) = await GetAsync("/", encoding: null);
        var html = Text(await page.Content.ReadAsByteArrayAsync());
        var css = System.Text.RegularExpressions.Regex.Match(html, "/static/evalstore\\.css\\?v=[0-9a-f]+").Value;
        var (stylesheet, _) = await GetAsync(css, "gzip");
        Assert.Equal(["gzip"], stylesheet.Content.Headers.ContentEncoding);
        Assert.Contains("--muted", Text(Decompress(await stylesheet.Content.ReadAsByteArrayAsync(), "gzip")));
        // One tag for the plain and the compressed bytes, so it is weak; revalidating with it is a 304.
        var tag = stylesheet.Headers.ETag!;
        Assert.True(tag.IsWeak);
        var (plain, _) = await GetAsync(css, encoding: null);
        Assert.Equal(tag, plain.Headers.ETag);
        using var revalidate = new HttpRequestMessage(HttpMethod.Get, css);
        revalidate.Headers.IfNoneMatch.Add(tag);
        using var notModified = await Server.Http.SendAsync(revalidate);
        Assert.Equal(HttpStatusCode.NotModified, notModified.StatusCode);

        var (workbook, status) = await GetAsync("api/v1/workspaces/default/results/run-a/export?format=xlsx", "br");
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Empty(workbook.Content.Headers.ContentEncoding);
    }

    private async Task<(HttpResponseMessage Response, HttpStatusCode Status)> GetAsync(string path, string? encoding)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        if (encoding is not null)
        {
            request.Headers.TryAddWithoutValidation("Accept-Encoding", encoding);
        }
        // The test server's client does not decompress: the test sees the bytes on the wire.
        var response = await Server.Http.SendAsync(request);
        await response.Content.LoadIntoBufferAsync();
        return (response, response.StatusCode);
    }

    private static byte[] Decompress(byte[] body, string encoding)
    {
        using var input = new MemoryStream(body);
        using Stream decoder = encoding == "br"
            ? new BrotliStream(input, CompressionMode.Decompress)
            : new GZipStream(input, CompressionMode.Decompress);
        using var output = new MemoryStream();
        decoder.CopyTo(output);
        return output.ToArray();
    }

    private static string Text(byte[] body) => Encoding.UTF8.GetString(body);
}

/// <summary>Compression over SQLite.</summary>
public sealed class SqliteCompressionTests : CompressionTests
{
    protected override Task<TestServer> StartServerAsync() => TestServer.StartAsync();
}

/// <summary>Compression over PostgreSQL (a fresh schema per test).</summary>
[Collection(PostgresCollection.Name)]
public sealed class PostgresCompressionTests(PostgresDatabase database) : CompressionTests
{
    protected override Task<TestServer> StartServerAsync() => database.StartServerAsync();
}
