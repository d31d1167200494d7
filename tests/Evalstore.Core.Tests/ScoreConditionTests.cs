using Evalstore.Core;
using Evalstore.Core.Model;

namespace Evalstore.Core.Tests;

public sealed class ScoreConditionTests
{
    [Theory]
    [InlineData("exact-match<0.7", "exact-match", null, "<", 0.7)]
    [InlineData("judge:helpfulness >= 3", "judge", "helpfulness", ">=", 3)]
    [InlineData("any<0.5", null, null, "<", 0.5)]
    [InlineData("passed==true", "passed", null, "=", 1)]
    public void Parse_ReadsKeyOperatorAndThreshold(string text, string? metric, string? score, string op, double threshold)
    {
        var condition = ScoreCondition.Parse(text);
        Assert.Equal(new ScoreCondition(metric, score, op, threshold), condition);
    }

    [Theory]
    [InlineData("exact-match")]
    [InlineData("exact-match<abc")]
    [InlineData("<0.7")]
    [InlineData("x<Infinity")]
    public void Parse_RejectsMalformedConditionsWith400(string text)
    {
        var error = Assert.Throws<EvalstoreException>(() => ScoreCondition.Parse(text));
        Assert.Equal(400, error.Status);
    }

    [Fact]
    public void Matches_NeverMatchesNaN()
    {
        var condition = ScoreCondition.Parse("any<0.7");
        Assert.True(condition.Matches(0.5));
        Assert.False(condition.Matches(0.9));
        Assert.False(condition.Matches(double.NaN));
    }
}
