using System.Text.Json;
using Evalstore.Client.AI;
using Evalstore.Core.Model;
using Evalstore.Server.Tests.Support;
using Evalstore.Server.Tests.Support.Postgres;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.AI.Evaluation;

namespace Evalstore.Server.Tests.ClientAI;

/// <summary>
/// Evalstore.Client.AI end to end: real evaluators (the test's own IEvaluator implementations, through a
/// CompositeEvaluator) judge responses, an <see cref="EvaluationRun"/> stores their results through the SDK on a
/// loopback server, and the stored rows and aggregates are read back, on each store.
/// </summary>
public abstract class EvaluationRunTests : PerStoreServerTests
{
    private static readonly CompositeEvaluator s_evaluator = new(new ExactAnswerEvaluator(), new BrevityEvaluator(), new ToneEvaluator());

    private static (List<ChatMessage> Messages, string Expected)[] Questions =>
    [
        ([new(ChatRole.System, "Answer briefly."), new(ChatRole.User, "What is 2+2?")], "4"),
        ([new(ChatRole.User, "Capital of France?")], "Paris"),
        ([new(ChatRole.User, "Say something.")], "hello"),
    ];

    private static ChatResponse Response(string text, int input, int output) =>
        new(new ChatMessage(ChatRole.Assistant, text))
        {
            ModelId = "test-model", Usage = new UsageDetails { InputTokenCount = input, OutputTokenCount = output },
        };

    [Fact]
    public async Task EvaluationResults_BecomeRowsWithTypedScoresReasoningAndErrors()
    {
        var run = new EvaluationRun(new RunSpec
        {
            Name = "meai-run", Model = "test-model", Labels = new Dictionary<string, string> { ["suite"] = "unit" },
        });
        var questions = Questions;
        // The first question twice (two trials of one item: right, then wrong), a wrong shouted answer, an empty one.
        foreach (var (index, text) in new[] { (0, "4"), (0, "four, please"), (1, "LYON IS THE CAPITAL OF FRANCE TODAY"), (2, "") })
        {
            var (messages, expected) = questions[index];
            await run.EvaluateAsync(s_evaluator, messages, Response(text, 10 + index, 2), context: [new ExpectedAnswer(expected)]);
        }
        Assert.Equal(4, run.Count);

        await using var client = Server.Client();
        var stored = await run.SaveAsync(client, "default", TestContext.Current.CancellationToken);

        Assert.Equal(ResultStatus.Completed, stored.Status);
        Assert.Equal(ResultKind.Evaluation, stored.Kind);
        Assert.Equal(4, stored.RowCount);
        Assert.Equal(3, stored.ItemCount);
        Assert.Equal("unit", stored.Labels["suite"]);
        var exact = Score(stored, "Exact", "Exact");
        Assert.Equal(ScoreType.Binary, exact.ScoreType);
        Assert.Equal(4, exact.Count);
        Assert.Equal(1, exact.PassCount);
        Assert.Equal(0, exact.NanCount);
        var rating = Score(stored, "Exact", EvaluationRows.RatingScore);
        Assert.Equal(ScoreType.Rubric, rating.ScoreType);
        Assert.Equal("unacceptable", rating.ModeCategory);
        Assert.Equal(ScoreType.Binary, Score(stored, "Exact", EvaluationRows.PassedScore).ScoreType);
        var words = Score(stored, "Words", "Words");
        Assert.Equal(ScoreType.Range, words.ScoreType);
        Assert.Equal((1 + 2 + 7 + 0) / 4.0, words.Mean);
        Assert.Equal(4, Score(stored, "Words", EvaluationRows.PassedScore).PassCount);
        Assert.Equal(1, Score(stored, "Exact", EvaluationRows.PassedScore).PassCount);
        var tone = Score(stored, "Tone", "Tone");
        Assert.Equal(3, tone.Count);
        Assert.Equal(1, tone.NanCount);

        var rows = new List<JsonElement>();
        await foreach (var row in client.ReadRowsAsync("default", stored.Id, new RowQuery(), TestContext.Current.CancellationToken))
        {
            rows.Add(JsonDocument.Parse(row.Json).RootElement.Clone());
        }
        Assert.Equal([(0L, 0), (0L, 1), (1L, 0), (2L, 0)],
            rows.Select(r => (r.GetProperty("row_index").GetInt64(), r.GetProperty("trial").GetInt32())));
        var first = rows[0];
        Assert.Equal("What is 2+2?", first.GetProperty("item").GetProperty("input").GetString());
        Assert.Equal(2, first.GetProperty("item").GetProperty("messages").GetArrayLength());
        Assert.Equal("4", first.GetProperty("sample").GetProperty("output_text").GetString());
        Assert.Equal("test-model", first.GetProperty("sample").GetProperty("response").GetProperty("modelId").GetString());
        Assert.Equal(10, first.GetProperty("usage").GetProperty("input_tokens").GetInt64());
        var firstExact = first.GetProperty("metrics").GetProperty("Exact");
        Assert.Equal("matches the expected answer", firstExact[0].GetProperty("reasoning").GetString());
        Assert.True(firstExact[0].GetProperty("value").GetBoolean());
        Assert.Equal("good", firstExact[1].GetProperty("value").GetString());
        Assert.True(firstExact[2].GetProperty("value").GetBoolean());
        Assert.Equal("spaces",
            first.GetProperty("metrics").GetProperty("Words")[0].GetProperty("metadata").GetProperty("counted-by").GetString());

        var shouted = rows[2].GetProperty("metrics");
        Assert.Equal("expected 'Paris'", shouted.GetProperty("Exact")[0].GetProperty("reasoning").GetString());
        Assert.Equal("wrong answer", shouted.GetProperty("Exact")[1].GetProperty("reasoning").GetString());
        Assert.False(shouted.GetProperty("Exact")[2].GetProperty("value").GetBoolean());
        var warning = shouted.GetProperty("Tone")[0].GetProperty("diagnostics")[0];
        Assert.Equal("warning", warning.GetProperty("severity").GetString());
        Assert.False(rows[2].TryGetProperty("metric_errors", out _)); // a warning is not an error

        var empty = rows[3];
        Assert.Equal("The response is empty: no tone to judge.", empty.GetProperty("metric_errors").GetProperty("Tone").GetString());
        Assert.Equal(JsonValueKind.Null, empty.GetProperty("metrics").GetProperty("Tone")[0].GetProperty("value").ValueKind);
    }

    [Fact]
    public async Task SavingTwice_UnderOneName_IsRefused_AndAnEmptyRunCannotBeSaved()
    {
        await using var client = Server.Client();
        var empty = new EvaluationRun(new RunSpec { Name = "nothing" });
        await Assert.ThrowsAsync<InvalidOperationException>(
            () => empty.SaveAsync(client, cancellationToken: TestContext.Current.CancellationToken));

        var run = new EvaluationRun(new RunSpec { Name = "once" });
        var (messages, expected) = Questions[1];
        await run.EvaluateAsync(s_evaluator, messages, Response("Paris", 5, 1), context: [new ExpectedAnswer(expected)]);
        await run.SaveAsync(client, cancellationToken: TestContext.Current.CancellationToken);
        var again = await Assert.ThrowsAsync<Core.EvalstoreException>(
            () => run.SaveAsync(client, cancellationToken: TestContext.Current.CancellationToken));
        Assert.Equal(409, again.Status);
    }

    private static ScoreAggregate Score(ResultInfo result, string metric, string name) =>
        result.Scores.Single(s => s.Metric == metric && s.Name == name);
}

/// <summary>Evalstore.Client.AI over SQLite.</summary>
public sealed class SqliteEvaluationRunTests : EvaluationRunTests
{
    protected override Task<TestServer> StartServerAsync() => TestServer.StartAsync();
}

/// <summary>Evalstore.Client.AI over PostgreSQL (a fresh schema per test).</summary>
[Collection(PostgresCollection.Name)]
public sealed class PostgresEvaluationRunTests(PostgresDatabase database) : EvaluationRunTests
{
    protected override Task<TestServer> StartServerAsync() => database.StartServerAsync();
}
