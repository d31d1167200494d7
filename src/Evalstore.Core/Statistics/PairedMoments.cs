namespace Evalstore.Core.Statistics;

/// <summary>Sums of one pass over aligned pairs, written so that swapping A and B swaps or negates every term exactly.</summary>
internal readonly record struct PairedMoments(
    double MeanA, double MeanB, double SquaresA, double SquaresB, double CrossAB, double SquaresD,
    long Positive, long Negative, long Zero, long PassFail, long FailPass)
{
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveOptimization)]
    public static PairedMoments Of(ReadOnlySpan<double> a, ReadOnlySpan<double> b)
    {
        var n = a.Length;
        if (n == 0)
        {
            return default;
        }
        var (meanA, _) = ScoreAccumulator.Moments(a);
        var (meanB, _) = ScoreAccumulator.Moments(b);
        double ssA = 0, ssB = 0, cross = 0, ssD = 0, sumD = 0;
        long positive = 0, negative = 0, passFail = 0, failPass = 0;
        for (var i = 0; i < n; i++)
        {
            double ea = a[i] - meanA, eb = b[i] - meanB, ed = eb - ea;
            ssA += ea * ea;
            ssB += eb * eb;
            cross += ea * eb;
            ssD += ed * ed;
            sumD += ed;
            positive += b[i] > a[i] ? 1 : 0;
            negative += b[i] < a[i] ? 1 : 0;
            bool passA = a[i] >= PairedComparison.McNemarPassThreshold, passB = b[i] >= PairedComparison.McNemarPassThreshold;
            passFail += passA && !passB ? 1 : 0;
            failPass += !passA && passB ? 1 : 0;
        }
        // Corrected two-pass: remove the rounding error of the means from the squared deviations of the differences.
        ssD = Math.Max(0, ssD - sumD * sumD / n);
        return new PairedMoments(meanA, meanB, ssA, ssB, cross, ssD, positive, negative, n - positive - negative, passFail, failPass);
    }
}
