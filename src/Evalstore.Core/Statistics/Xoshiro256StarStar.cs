using System.Runtime.CompilerServices;

namespace Evalstore.Core.Statistics;

/// <summary>
/// xoshiro256** 1.0 (Blackman &amp; Vigna 2018) seeded through SplitMix64, with Lemire's unbiased multiply-shift for
/// bounded integers. Spelled out here rather than using <see cref="Random"/>, whose algorithm .NET does not specify,
/// so that a stored seed reproduces a bootstrap on any runtime. A mutable struct so that the state lives in registers
/// inside the resampling loop.
/// </summary>
internal struct Xoshiro256StarStar
{
    /// <summary>How a stored bootstrap names its generator.</summary>
    public const string Name = "xoshiro256** seeded by splitmix64; index = lemire multiply-shift with rejection";

    private ulong _s0, _s1, _s2, _s3;

    public Xoshiro256StarStar(ulong seed)
    {
        var sm = seed;
        _s0 = SplitMix64(ref sm);
        _s1 = SplitMix64(ref sm);
        _s2 = SplitMix64(ref sm);
        _s3 = SplitMix64(ref sm);
    }

    /// <summary>The next 64 random bits.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public ulong Next()
    {
        var result = ulong.RotateLeft(_s1 * 5, 7) * 9;
        var t = _s1 << 17;
        _s2 ^= _s0;
        _s3 ^= _s1;
        _s1 ^= _s2;
        _s0 ^= _s3;
        _s2 ^= t;
        _s3 = ulong.RotateLeft(_s3, 45);
        return result;
    }

    /// <summary>A uniform integer in [0, <paramref name="bound"/>).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public int NextIndex(int bound)
    {
        var range = (ulong)bound;
        var high = Math.BigMul(Next(), range, out var low);
        if (low < range)
        {
            // Reject the few products whose low half would make some indices more likely than others.
            var threshold = (0 - range) % range;
            while (low < threshold)
            {
                high = Math.BigMul(Next(), range, out low);
            }
        }
        return (int)high;
    }

    private static ulong SplitMix64(ref ulong state)
    {
        var z = state += 0x9E3779B97F4A7C15UL;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }
}
