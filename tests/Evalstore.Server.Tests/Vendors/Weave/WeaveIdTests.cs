using Evalstore.Server.Tests.Support;
using Evalstore.Server.Vendors.Weave;

namespace Evalstore.Server.Tests.Vendors.Weave;

/// <summary>The ids the Weave surface hands out lead back to their run and trial, and nothing else parses.</summary>
public sealed class WeaveIdTests
{
    private static readonly Guid s_run = Guid.Parse("0197a1c2-7d3e-7000-8000-00000000abcd");

    [Fact]
    public void RowIds_RoundTripForPredictionPredictAndScoreAndScores()
    {
        var trial = TrialRef.OfRow(s_run, 123456789012, 3);
        Assert.Equal("0197a1c27d3e7000800000000000abcd-r123456789012-t3", trial.PredictionId);
        Assert.True(TrialRef.TryParse(trial.PredictionId, out var prediction));
        Assert.Equal((trial, false, false), (prediction.Trial, prediction.IsPredictAndScore, prediction.IsScore));
        Assert.True(TrialRef.TryParse(trial.PredictAndScoreId, out var call));
        Assert.True(call.IsPredictAndScore);
        Assert.True(TrialRef.TryParse(trial.ScoreId(4), out var score));
        Assert.Equal((trial, 4), (score.Trial, score.ScoreIndex!.Value));
    }

    [Fact]
    public void WrittenIds_RoundTripAndKeysSortInCreationOrder()
    {
        // A clock that stands still: keys must still be distinct and in creation order.
        var clock = new FakeClock();
        var keys = Enumerable.Range(0, 1000).Select(_ => WeaveKeys.New(clock)).ToList();
        Assert.Equal(keys, keys.Order(StringComparer.Ordinal));
        Assert.Equal(1000, keys.Distinct().Count());
        var trial = TrialRef.OfPrediction(s_run, keys[0]);
        Assert.True(TrialRef.TryParse(trial.ScoreId(keys[1]), out var score));
        Assert.Equal((trial, keys[1]), (score.Trial, score.ScoreKey));
        Assert.True(TrialRef.TryParse(trial.PredictionId, out var prediction));
        Assert.Equal(trial, prediction.Trial);
    }

    [Theory]
    [InlineData("")]
    [InlineData("0197a1c2-7d3e-7000-8000-00000000abcd")]
    [InlineData("0197a1c27d3e7000800000000000abcd-r1")]
    [InlineData("0197a1c27d3e7000800000000000abcd-r1-t0-s")]
    [InlineData("0197A1C27D3E7000800000000000ABCD-r1-t0")]
    [InlineData("0197a1c27d3e7000800000000000abcd-r1-t0-0123456789abcdef0123456789abcdef")]
    [InlineData("0197a1c27d3e7000800000000000abcd-0123456789abcdef0123456789abcdef-s1")]
    [InlineData("0197a1c27d3e7000800000000000abcd-r1-t0/../x")]
    public void OtherText_DoesNotParse(string id) => Assert.False(TrialRef.TryParse(id, out _));

    [Theory]
    [InlineData("weave:///team/proj/object/ExactMatch:abc123", "ExactMatch")]
    [InlineData("weave:///team/proj/op/exact_match:v2", "exact_match")]
    [InlineData("exact_match", "exact_match")]
    [InlineData("judge:v1", "judge")]
    public void ScorerNames_AreTakenFromRefsAsWeaveDoes(string scorer, string name) => Assert.Equal(name, PendingScore.ScorerName(scorer));
}
