using System.Text.Json.Nodes;
using Evalstore.Server.Tests.Support;

namespace Evalstore.Server.Tests.Vendors.Weave;

/// <summary>
/// Two runs of one project sharing two examples: run A is <see cref="QaEvaluation"/> (finished, Q1–Q4), run B
/// answers Q1, Q2 and Q5 and is still running, so its trials are read from pending predictions.
/// </summary>
public sealed class EvalResultsFixture : IAsyncLifetime
{
    public const string ModelB = "weave:///my-team/my-project/object/OtherModel:v3";

    public TestServer Server { get; private set; } = null!;
    public WeaveApi Api { get; private set; } = null!;
    public QaEvaluation RunA { get; private set; } = null!;
    public string RunB { get; private set; } = "";

    /// <summary>Row digest → question, from an unfiltered query.</summary>
    public IReadOnlyDictionary<string, string> Questions { get; private set; } = new Dictionary<string, string>();

    public async ValueTask InitializeAsync()
    {
        Server = await TestServer.StartAsync();
        Api = new WeaveApi(Server.Http);
        RunA = await QaEvaluation.WriteAsync(Api);
        RunB = await Api.CreateRunAsync(ModelB);
        (string Inputs, string Output, bool Exact, double Similarity, string Verdict)[] answers =
        [
            (QaEvaluation.Items[0].Inputs, "\"5\"", false, 0.5, "bad"),
            (QaEvaluation.Items[1].Inputs, "\"Paris\"", true, 0.9, "good"),
            ("""{"question": "Translate 'chat' to English", "expected": "cat"}""", "\"cat\"", true, 0.7, "good"),
        ];
        foreach (var (inputs, output, exact, similarity, verdict) in answers)
        {
            var prediction = await Api.PredictAsync(RunB, inputs, output, ModelB);
            await Api.ScoreAsync(prediction, QaEvaluation.ExactMatch, exact ? "true" : "false");
            await Api.ScoreAsync(prediction, QaEvaluation.Similarity,
                $$"""{"score": {{similarity.ToString(System.Globalization.CultureInfo.InvariantCulture)}}}""");
            await Api.ScoreAsync(prediction, "weave:///my-team/my-project/object/verdict:v1", $"\"{verdict}\"");
        }
        var all = await Api.QueryAsync($$"""{"evaluation_run_ids": ["{{RunA.RunId}}", "{{RunB}}"], "include_raw_data_rows": true}""");
        Questions = all["rows"]!.AsArray().ToDictionary(
            r => (string)r!["row_digest"]!, r => ((string)r!["raw_data_row"]!["question"]!)[..2]);
    }

    public async ValueTask DisposeAsync() => await Server.DisposeAsync();

    /// <summary>The rows of an answer as two-letter question prefixes ("Wh", "Ca", "Co", "La", "Tr"), in order.</summary>
    public List<string> Order(JsonNode answer) => [.. answer["rows"]!.AsArray().Select(r => Questions[(string)r!["row_digest"]!])];

    /// <summary>A query over both runs with extra body members.</summary>
    public Task<JsonNode> QueryBothAsync(string members = "", System.Net.HttpStatusCode expected = System.Net.HttpStatusCode.OK) =>
        Api.QueryAsync(
            $$"""{"evaluation_run_ids": ["{{RunA.RunId}}", "{{RunB}}"]{{(members.Length > 0 ? ", " + members : "")}}}""", expected);
}
