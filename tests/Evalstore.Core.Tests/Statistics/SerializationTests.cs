using System.Text.Json;
using Evalstore.Core.Model;
using Evalstore.Core.Statistics;

namespace Evalstore.Core.Tests.Statistics;

/// <summary>Aggregates and comparisons go out through System.Text.Json with a snake_case policy, which rejects NaN and ±Inf.</summary>
public sealed class SerializationTests
{
    private static readonly JsonSerializerOptions s_options = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        DefaultIgnoreCondition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull,
    };

    [Fact]
    public void EdgeCaseAggregates_SerializeWithoutNonFiniteNumbers()
    {
        ScoreAggregate[] aggregates =
        [
            Scores.Numbers(),
            Scores.Numbers(double.NaN),
            Scores.Numbers(0.3),
            Scores.Numbers(0.5, 0.5, 0.5),
            Scores.Build([ScoreValue.OfLabel("x")], null),
            Scores.Trials([[ScoreValue.Of(true), ScoreValue.Of(false)], [ScoreValue.Of(true), ScoreValue.Nan]], clusters: ["a", null]),
        ];
        foreach (var aggregate in aggregates)
        {
            var json = JsonSerializer.Serialize(aggregate, s_options);
            Assert.Contains("\"nan_count\":", json, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void ExtraFields_HaveSnakeCaseNames()
    {
        var a = Scores.Trials(
            [[ScoreValue.Of(true), ScoreValue.Of(false)], [ScoreValue.Of(true), ScoreValue.Of(true)],
                [ScoreValue.Of(false), ScoreValue.Of(false)]],
            clusters: ["p1", "p1", "p2"]);
        using var doc = JsonDocument.Parse(JsonSerializer.Serialize(a, s_options));
        var root = doc.RootElement;
        Assert.Equal(0.5, root.GetProperty("item_mean").GetDouble(), 1e-12);
        Assert.Equal(2, root.GetProperty("clustered").GetProperty("cluster_count").GetInt64());
        Assert.Equal("miller-appendix-a", root.GetProperty("clustered").GetProperty("method").GetString());
        var trials = root.GetProperty("trials");
        Assert.Equal(2, trials.GetProperty("pass_at_k").GetArrayLength());
        Assert.Equal(1, trials.GetProperty("pass_hat_k")[0].GetProperty("k").GetInt32());
        Assert.True(trials.GetProperty("reducers").TryGetProperty("at_least_k", out _));
        Assert.True(trials.GetProperty("variance").TryGetProperty("between_variance", out _));
        Assert.Equal("clustered-t", root.GetProperty("method").GetProperty("interval").GetString());
        Assert.Equal("proportion",
            JsonDocument.Parse(Evalstore.Core.Json.EvalstoreJson.Serialize(a)).RootElement.GetProperty("domain").GetString());
        Assert.Equal(1, root.GetProperty("bounds").GetProperty("max").GetDouble());
        Assert.StartsWith("clipped to a proportion's range [0, 1]", root.GetProperty("method").GetProperty("bounding").GetString(),
            StringComparison.Ordinal);
    }

    [Fact]
    public void Comparison_SerializesIncludingDegenerateCases()
    {
        foreach (var c in new[]
        {
            PairedComparison.Compare([0.1, 0.2], [0.1, 0.2], ScoreType.Range),
            PairedComparison.Compare([], [], ScoreType.Binary),
            PairedComparison.Compare([1.0, 0, 1], [0.0, 1, 1], ScoreType.Binary),
        })
        {
            var json = JsonSerializer.Serialize(c, s_options);
            Assert.Contains("\"difference_direction\":\"b_minus_a\"", json, StringComparison.Ordinal);
            Assert.Contains("\"verdict\":", json, StringComparison.Ordinal);
        }
    }
}
