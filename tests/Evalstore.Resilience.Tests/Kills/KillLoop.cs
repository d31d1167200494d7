using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Evalstore.Core.Json;
using Evalstore.Core.Model;
using Evalstore.Resilience.Tests.Support;
using Microsoft.Data.Sqlite;

namespace Evalstore.Resilience.Tests.Kills;

/// <summary>
/// kill -9 against a real <c>evalstore serve</c> process while it stores batches sent with Idempotency-Key, then a
/// restart: every batch the server acknowledged is there, a SQLite file passes <c>PRAGMA integrity_check</c>, the
/// batch whose answer was lost is sent again with the same key and stored exactly once, and a kill during completion
/// leaves the result either completed with every aggregate or still running (then completing works), never half.
/// </summary>
internal sealed class KillLoop(IReadOnlyList<string> storeArguments, string? sqliteFile, int seed)
{
    private const int BatchRows = 400;
    private const int CompletionBatches = 10;
    private const int CompletionScores = 4;
    private const string Workspace = "api/v1/workspaces/default";

    private readonly Random _random = new(seed);
    private readonly HashSet<int> _acknowledged = [];
    private int _next;
    private int? _unanswered;
    private int _completionWindowMs = 100;

    /// <summary>What the loop did, for the test's output and the README's figures.</summary>
    public sealed record Figures(int Kills, int Acknowledged, int Unanswered, int RetriedStoredOnce, int CompletionKills,
        int CompletedBeforeKill, int RunningAfterKill, long Rows, TimeSpan Elapsed);

    public async Task<Figures> RunAsync(int batchKills, int completionKills)
    {
        var started = DateTime.UtcNow;
        var (unanswered, retried, completedBefore, runningAfter) = (0, 0, 0, 0);
        Guid? result = null;
        Guid? completing = null;
        // Each server process verifies what the last kill left, then does the next piece of work and is killed in it:
        // batchKills times during keyed batch writes, then completionKills times during a completion.
        for (var kill = 0; kill < batchKills + completionKills; kill++)
        {
            await using var server = await ServeProcess.StartAsync(storeArguments);
            using var http = Client(server);
            result ??= await CreateAsync(http, "kill-loop");
            await AssertAcknowledgedPresentAsync(http, result.Value, server);
            if (_unanswered is { } lost)
            {
                // The batch the last kill cut off: same key, same body. Stored once whether or not it had committed.
                using var again = await AppendAsync(http, result.Value, lost);
                Assert.Equal(HttpStatusCode.OK, again.StatusCode);
                _acknowledged.Add(lost);
                _unanswered = null;
                retried++;
                await AssertAcknowledgedPresentAsync(http, result.Value, server);
            }
            if (completing is { } previous)
            {
                var completed = await AssertAllOrNothingAsync(http, previous);
                completedBefore += completed ? 1 : 0;
                runningAfter += completed ? 0 : 1;
            }
            if (kill < batchKills)
            {
                using var stop = new CancellationTokenSource();
                var writer = WriteUntilKilledAsync(http, result.Value, stop.Token);
                await Task.Delay(_random.Next(150, 900));
                await server.KillAsync();
                await stop.CancelAsync();
                await writer;
                unanswered += _unanswered is null ? 0 : 1;
            }
            else
            {
                completing = await KillDuringCompletionAsync(http, server, kill - batchKills);
            }
            AssertIntegrity();
        }
        long rows;
        await using (var server = await ServeProcess.StartAsync(storeArguments))
        {
            using var http = Client(server);
            rows = await AssertAcknowledgedPresentAsync(http, result!.Value, server);
            if (completing is { } last)
            {
                var completed = await AssertAllOrNothingAsync(http, last);
                completedBefore += completed ? 1 : 0;
                runningAfter += completed ? 0 : 1;
            }
        }
        return new Figures(batchKills + completionKills, _acknowledged.Count, unanswered, retried, completionKills, completedBefore,
            runningAfter, rows, DateTime.UtcNow - started);
    }

    /// <summary>Sends batches one after another until the server dies under it; remembers which were acknowledged.</summary>
    private async Task WriteUntilKilledAsync(HttpClient http, Guid result, CancellationToken stop)
    {
        while (!stop.IsCancellationRequested)
        {
            var batch = _next++;
            _unanswered = batch;
            try
            {
                using var response = await AppendAsync(http, result, batch);
                Assert.Equal(HttpStatusCode.OK, response.StatusCode);
                _acknowledged.Add(batch);
                _unanswered = null;
            }
            catch (HttpRequestException)
            {
                return; // killed mid-request: this batch's outcome is unknown until it is retried
            }
            catch (TaskCanceledException)
            {
                return;
            }
        }
    }

    /// <summary>Fills a new result and kills the server at a random moment of its completion; returns the result.</summary>
    private async Task<Guid> KillDuringCompletionAsync(HttpClient http, ServeProcess server, int attempt)
    {
        var result = await CreateAsync(http, $"kill-completion-{attempt}");
        for (var b = 0; b < CompletionBatches; b++)
        {
            using var appended = await http.PostAsync($"{Workspace}/results/{result}/rows", Http.Jsonl(Batch(b, scores: CompletionScores)));
            appended.EnsureSuccessStatusCode();
        }
        // The kill lands anywhere from before the request arrives to after the answer: the window adapts to how long
        // completion takes on this machine (longer after a kill that came too early, shorter after one too late).
        var delay = _random.Next(_completionWindowMs / 4, _completionWindowMs * 2);
        var completing = http.PostAsync($"{Workspace}/results/{result}/complete", null);
        await Task.Delay(delay);
        await server.KillAsync();
        try
        {
            using var answered = await completing;
            _completionWindowMs = Math.Max(20, _completionWindowMs / 2);
        }
        catch (HttpRequestException)
        {
            _completionWindowMs = Math.Min(5000, _completionWindowMs * 2);
        }
        return result;
    }

    /// <summary>After a kill during completion the result is completed with every aggregate, or running with none.</summary>
    private static async Task<bool> AssertAllOrNothingAsync(HttpClient http, Guid result)
    {
        var after = await GetAsync(http, result);
        Assert.True(after.Status is ResultStatus.Completed or ResultStatus.Running, $"status {after.Status} after a kill");
        if (after.Status == ResultStatus.Completed)
        {
            AssertWhole(after, CompletionBatches);
            return true;
        }
        Assert.Empty(after.Scores); // running: no aggregate at all, not some of them
        using var complete = await http.PostAsync($"{Workspace}/results/{result}/complete", null);
        Assert.Equal(HttpStatusCode.OK, complete.StatusCode);
        AssertWhole(await GetAsync(http, result), CompletionBatches);
        return false;
    }

    private static async Task<Guid> CreateAsync(HttpClient http, string name)
    {
        using var created = await http.PostAsJsonAsync($"{Workspace}/results", new { name });
        created.EnsureSuccessStatusCode();
        return (await created.Content.ReadFromJsonAsync<ResultInfo>(EvalstoreJson.Options))!.Id;
    }

    private static void AssertWhole(ResultInfo result, int batches)
    {
        Assert.Equal(ResultStatus.Completed, result.Status);
        Assert.Equal(CompletionScores, result.Scores.Count);
        Assert.All(result.Scores, s => Assert.Equal(batches * BatchRows, s.Count));
    }

    /// <summary>Every acknowledged batch's rows are stored, each once; returns the row count.</summary>
    private async Task<long> AssertAcknowledgedPresentAsync(HttpClient http, Guid result, ServeProcess server)
    {
        var indices = new List<long>();
        using (var response = await http.GetAsync($"{Workspace}/results/{result}/rows", HttpCompletionOption.ResponseHeadersRead))
        {
            Assert.True(response.IsSuccessStatusCode, server.Output);
            using var reader = new StreamReader(await response.Content.ReadAsStreamAsync());
            while (await reader.ReadLineAsync() is { } line)
            {
                if (line.Length > 0)
                {
                    using var row = JsonDocument.Parse(line);
                    indices.Add(row.RootElement.GetProperty("row_index").GetInt64());
                }
            }
        }
        Assert.Equal(indices.Count, indices.Distinct().Count()); // nothing stored twice
        var stored = indices.GroupBy(i => (int)(i / BatchRows)).ToDictionary(g => g.Key, g => g.Count());
        foreach (var batch in _acknowledged)
        {
            Assert.True(stored.TryGetValue(batch, out var count) && count == BatchRows,
                $"acknowledged batch {batch} has {stored.GetValueOrDefault(batch)} of {BatchRows} rows after a kill");
        }
        // Besides the acknowledged batches, only the one whose answer was lost may be there (whole, never part).
        Assert.All(stored, s => Assert.True(_acknowledged.Contains(s.Key) || (s.Key == _unanswered && s.Value == BatchRows),
            $"batch {s.Key} is stored ({s.Value} rows) but was never acknowledged"));
        return indices.Count;
    }

    private void AssertIntegrity()
    {
        if (sqliteFile is null)
        {
            return; // PostgreSQL recovers by its WAL; the row checks above are its integrity check
        }
        using var connection = new SqliteConnection($"Data Source={sqliteFile};Pooling=False");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "PRAGMA integrity_check";
        Assert.Equal("ok", command.ExecuteScalar() as string);
    }

    private static async Task<ResultInfo> GetAsync(HttpClient http, Guid result) =>
        (await http.GetFromJsonAsync<ResultInfo>($"{Workspace}/results/{result}", EvalstoreJson.Options))!;

    private static Task<HttpResponseMessage> AppendAsync(HttpClient http, Guid result, int batch)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, $"{Workspace}/results/{result}/rows")
        {
            Content = Http.Jsonl(Batch(batch, scores: 1)),
        };
        request.Headers.Add("Idempotency-Key", $"batch-{batch}");
        return http.SendAsync(request);
    }

    /// <summary>The batch's rows: explicit row indices batch × 400 …, so a stored row names the batch it came in.</summary>
    private static string Batch(int batch, int scores)
    {
        var body = new StringBuilder();
        for (var i = 0; i < BatchRows; i++)
        {
            var index = (long)batch * BatchRows + i;
            var metrics = string.Join(",", Enumerable.Range(0, scores).Select(s =>
                string.Create(CultureInfo.InvariantCulture, $"\"m{s}\":[{{\"name\":\"v\",\"value\":{(index * 7 + s) % 13 / 12.0}}}]")));
            body.Append(CultureInfo.InvariantCulture, $"{{\"row_index\":{index},\"item\":{{\"q\":{index},\"text\":\"question {index}\"}},")
                .Append(CultureInfo.InvariantCulture, $"\"sample\":{{\"output_text\":\"a{index}\"}},")
                .Append(CultureInfo.InvariantCulture, $"\"metrics\":{{{metrics}}}}}\n");
        }
        return body.ToString();
    }

    private static HttpClient Client(ServeProcess server) =>
        new() { BaseAddress = server.BaseAddress, Timeout = TimeSpan.FromMinutes(1) };
}
