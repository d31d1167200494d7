namespace Evalstore.Server.Tests.Vendors.Weave;

/// <summary>
/// A small, realistic evaluation written through the Weave API: four questions, a binary <c>exact_match</c> scorer
/// and a nested <c>similarity: {score}</c> scorer, with scorer refs as the Weave SDK writes them.
/// </summary>
public sealed record QaEvaluation(string RunId, IReadOnlyList<string> PredictionIds)
{
    public const string ExactMatch = "weave:///my-team/my-project/object/exact_match:v1";
    public const string Similarity = "weave:///my-team/my-project/object/similarity:v1";

    public static readonly (string Inputs, string Output, bool Exact, double Similarity)[] Items =
    [
        ("""{"question": "What is 2+2?", "expected": "4"}""", "\"4\"", true, 0.93),
        ("""{"question": "Capital of France?", "expected": "Paris"}""", "\"Paris\"", true, 0.88),
        ("""{"question": "Color of the sky?", "expected": "blue"}""", "\"green\"", false, 0.25),
        ("""{"question": "Largest planet?", "expected": "Jupiter"}""", "\"Jupiter\"", true, 0.99),
    ];

    public static async Task<QaEvaluation> WriteAsync(WeaveApi api, bool finish = true, string model = WeaveApi.ModelRef)
    {
        var run = await api.CreateRunAsync(model);
        var predictions = new List<string>();
        foreach (var (inputs, output, exact, similarity) in Items)
        {
            var prediction = await api.PredictAsync(run, inputs, output, model);
            await api.ScoreAsync(prediction, ExactMatch, exact ? "true" : "false");
            await api.ScoreAsync(
                prediction, Similarity, $$"""{"score": {{similarity.ToString(System.Globalization.CultureInfo.InvariantCulture)}}}""");
            predictions.Add(prediction);
        }
        if (finish)
        {
            await api.FinishAsync(run);
        }
        return new QaEvaluation(run, predictions);
    }
}
