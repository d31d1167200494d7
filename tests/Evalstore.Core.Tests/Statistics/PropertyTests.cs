using Evalstore.Core.Model;
using Evalstore.Core.Statistics;
using FsCheck;
using FsCheck.Fluent;

namespace Evalstore.Core.Tests.Statistics;

/// <summary>FsCheck properties over random score vectors.</summary>
public sealed class PropertyTests
{
    // Scores on a 0.01 grid in [0, 1], like most eval metrics; 2–60 items so that both t and normal intervals occur.
    private static readonly Gen<double[]> s_scores =
        Gen.Choose(2, 60).SelectMany(n => Gen.ArrayOf(Gen.Choose(0, 100).Select(i => i / 100.0), n));

    private static readonly Gen<double[]> s_binary =
        Gen.Choose(2, 60).SelectMany(n => Gen.ArrayOf(Gen.Elements(0.0, 1.0), n));

    private static readonly Gen<(double[] A, double[] B)> s_pairs =
        Gen.Choose(2, 40).SelectMany(n => Gen.ArrayOf(Gen.Choose(0, 100), n).SelectMany(a =>
            Gen.ArrayOf(Gen.Choose(-30, 30), n).Select(noise =>
                (a.Select(x => x / 100.0).ToArray(), a.Zip(noise, (x, e) => (x + e) / 100.0).ToArray()))));

    [Fact]
    public void IntervalContainsTheMean_AndStdErrIsNonNegative()
    {
        Prop.ForAll(Arb.From(s_scores.Zip(Gen.Elements(false, true))), input =>
        {
            var (values, binary) = input;
            var a = Scores.Build(values.Select(v => binary ? ScoreValue.Of(v >= 0.5) : ScoreValue.Of(v)), null);
            return a.StdErr >= 0 && a.CiLow <= a.ItemMean && a.ItemMean <= a.CiHigh
                && Math.Abs(a.ItemMean!.Value - a.Mean!.Value) < 1e-12;
        }).QuickCheckThrowOnFailure();
    }

    [Fact]
    public void WilsonStaysInsideZeroOne()
    {
        Prop.ForAll(Arb.From(s_binary), values =>
        {
            var a = Scores.Build(values.Select(v => ScoreValue.Of(v == 1)), null);
            return a.CiLow >= 0 && a.CiHigh <= 1 && a.CiLow <= a.PassRate && a.PassRate <= a.CiHigh;
        }).QuickCheckThrowOnFailure();
    }

    [Fact]
    public void PercentilesAreOrderedAndWithinRange()
    {
        Prop.ForAll(Arb.From(s_scores), values =>
        {
            var a = Scores.Numbers(values);
            var p = Quantiles.StandardPercents.Select(k => a.Percentiles!["p" + k]).ToArray();
            var d = Quantiles.DecilePercents.Select(k => a.Deciles!["p" + k]).ToArray();
            return p.Zip(p.Skip(1)).All(x => x.First <= x.Second) && d.Zip(d.Skip(1)).All(x => x.First <= x.Second)
                && p[0] >= a.Min && p[^1] <= a.Max && d[^1] == a.Max
                && a.Histogram!.Bins.Sum(b => b.Count) == values.Length;
        }).QuickCheckThrowOnFailure();
    }

    [Fact]
    public void PairedStdErrIsAtMostUnpairedWhenCorrelationIsPositive()
    {
        Prop.ForAll(Arb.From(s_pairs), pair =>
        {
            var c = PairedComparison.Compare(pair.A, pair.B, ScoreType.Range, bootstrapIterations: 50);
            return c.Correlation is not > 0 || c.StdErrPaired <= c.StdErrUnpaired + 1e-12;
        }).QuickCheckThrowOnFailure();
    }

    [Fact]
    public void SwappingANegatesTheDifferenceAndKeepsThePValues()
    {
        Prop.ForAll(Arb.From(s_pairs.Zip(Gen.Elements(ScoreType.Range, ScoreType.Binary))), input =>
        {
            var ((a, b), type) = input;
            if (type == ScoreType.Binary)
            {
                (a, b) = (a.Select(x => x >= 0.5 ? 1.0 : 0).ToArray(), b.Select(x => x >= 0.5 ? 1.0 : 0).ToArray());
            }
            var ab = PairedComparison.Compare(a, b, type, bootstrapIterations: 200);
            var ba = PairedComparison.Compare(b, a, type, bootstrapIterations: 200);
            return ab.Difference == -ba.Difference
                && ab.StdErrPaired == ba.StdErrPaired
                && ab.Sign.P == ba.Sign.P && ab.Sign.Positive == ba.Sign.Negative
                && ab.McNemar?.P == ba.McNemar?.P && ab.McNemar?.B == ba.McNemar?.C
                && ab.PairedT?.P == ba.PairedT?.P
                && ab.Bootstrap?.P == ba.Bootstrap?.P
                && Math.Abs((ab.Bootstrap?.CiLow ?? 0) + (ba.Bootstrap?.CiHigh ?? 0)) < 1e-12
                && ab.Wins == ba.Losses
                && ab.CiLow is { } low && ba.CiHigh is { } high && Math.Abs(low + high) < 1e-12;
        }).QuickCheckThrowOnFailure();
    }

    // Items of 1–4 trials, values on a 0.25 grid (or 0/1), some items in one of three clusters.
    private static readonly Gen<(double[][] Items, string?[] Clusters, bool ZeroOne, bool Declared)> s_shapes =
        Gen.Choose(1, 40).SelectMany(n => Gen.Elements(false, true).SelectMany(zeroOne => Gen.Elements(false, true).SelectMany(declared =>
            Gen.ArrayOf(Gen.Choose(1, 4).SelectMany(k =>
                Gen.ArrayOf(zeroOne ? Gen.Elements(0.0, 1.0) : Gen.Choose(0, 40).Select(i => i / 4.0), k)), n)
                .SelectMany(items => Gen.ArrayOf(Gen.Elements<string?>(null, "p1", "p2", "p3"), n)
                    .Select(clusters => (items, clusters, zeroOne, declared))))));

    /// <summary>Issue 11: no interval, main or clustered, leaves the score's possible range.</summary>
    [Fact]
    public void EveryIntervalLiesWithinTheScoresPossibleRange()
    {
        Prop.ForAll(Arb.From(s_shapes), shape =>
        {
            var declaration = shape.Declared ? new MetricDeclaration { Metric = "m", Min = 0, Max = 10 } : null;
            var a = Scores.Trials(shape.Items.Select(t => t.Select(ScoreValue.Of).ToArray()), declaration, shape.Clusters);
            var zeroOne = shape.Items.All(t => t.All(v => v is 0 or 1));
            var bounds = zeroOne ? ScoreBounds.Unit : declaration is null ? null : new ScoreBounds(0, 10);
            bool Inside(double? low, double? high) => bounds is null || low is null
                || (low >= bounds.Min && high <= bounds.Max && low <= high);
            return a.Bounds == bounds
                && a.Domain == (zeroOne ? ValueDomain.Proportion : declaration is null ? ValueDomain.Unbounded : ValueDomain.Bounded)
                && Inside(a.CiLow, a.CiHigh) && Inside(a.Clustered?.CiLow, a.Clustered?.CiHigh)
                && (a.CiLow is null || a.Method!.Bounding is { Length: > 0 });
        }).QuickCheckThrowOnFailure();
    }

    /// <summary>Issue 11: 0/1 numbers (not declared binary) are compared by McNemar, and swapping A and B keeps its p.</summary>
    [Fact]
    public void ZeroOneNumbers_SwapNegatesTheDifferenceAndKeepsTheMcNemarP()
    {
        Prop.ForAll(Arb.From(s_pairs), pair =>
        {
            var a = pair.A.Select(x => x >= 0.5 ? 1.0 : 0).ToArray();
            var b = pair.B.Select(x => x >= 0.5 ? 1.0 : 0).ToArray();
            var ab = PairedComparison.Compare(a, b, ScoreType.Range);
            var ba = PairedComparison.Compare(b, a, ScoreType.Range);
            return ab.VerdictTest == SignificanceTest.McNemarExact && ba.VerdictTest == SignificanceTest.McNemarExact
                && ab.Difference == -ba.Difference && ab.VerdictP == ba.VerdictP
                && ab.McNemar!.B == ba.McNemar!.C && ab.Verdict == Mirror(ba.Verdict);
        }).QuickCheckThrowOnFailure();
    }

    private static Verdict Mirror(Verdict verdict) =>
        verdict switch { Verdict.Better => Verdict.Worse, Verdict.Worse => Verdict.Better, _ => verdict };

    [Fact]
    public void HolmIsMonotoneAndAtLeastTheRawP()
    {
        var pValues = Gen.Choose(1, 20).SelectMany(n => Gen.ArrayOf(Gen.Choose(0, 1000).Select(i => i / 1000.0), n));
        Prop.ForAll(Arb.From(pValues), p =>
        {
            var holm = Holm.Adjust(p);
            var bh = BenjaminiHochberg.Adjust(p);
            var ok = true;
            for (var i = 0; i < p.Length; i++)
            {
                ok &= holm[i] >= p[i] && holm[i] <= 1 && bh[i] >= p[i] && bh[i] <= holm[i] + 1e-15;
                for (var j = 0; j < p.Length; j++)
                {
                    ok &= p[i] > p[j] || holm[i] <= holm[j];
                }
            }
            return ok;
        }).QuickCheckThrowOnFailure();
    }
}
