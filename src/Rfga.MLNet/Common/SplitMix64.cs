using System;

namespace Rfga.MLNet.Common;

/// <summary>
/// SplitMix64 (Steele, Lea and Flood 2014; constants from Vigna's reference C code): a tiny, fixed
/// pseudo-random generator, so generated data is byte-identical on every platform and .NET version
/// (unlike <see cref="System.Random"/>, whose algorithm is an implementation detail).
/// </summary>
internal struct SplitMix64
{
    private const ulong Golden = 0x9E3779B97F4A7C15UL;
    private const double UnitScale = 1.0 / (1UL << 53);

    private ulong state;

    /// <summary>The generator's whole state: saving and restoring it resumes the stream exactly (checkpoints).</summary>
    public ulong State
    {
        readonly get => state;
        set => state = value;
    }

    /// <summary>Starts a stream at <paramref name="seed"/>.</summary>
    public SplitMix64(ulong seed) => state = seed;

    /// <summary>Starts the stream named by <paramref name="seed"/> and the keys (order matters).</summary>
    public static SplitMix64 ForStream(ulong seed, ulong key0, ulong key1 = 0, ulong key2 = 0) =>
        new(Derive(seed, key0, key1, key2));

    /// <summary>Hashes a seed and keys into an independent stream seed.</summary>
    public static ulong Derive(ulong seed, ulong key0, ulong key1 = 0, ulong key2 = 0)
    {
        unchecked
        {
            ulong h = Mix(seed + Golden);
            h = Mix(h ^ Mix(key0 + 2 * Golden));
            h = Mix(h ^ Mix(key1 + 3 * Golden));
            return Mix(h ^ Mix(key2 + 5 * Golden));
        }
    }

    /// <summary>The SplitMix64 output function (a bijective 64-bit finalizer).</summary>
    public static ulong Mix(ulong z)
    {
        unchecked
        {
            z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
            z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
            return z ^ (z >> 31);
        }
    }

    /// <summary>Next 64 random bits.</summary>
    public ulong NextUInt64()
    {
        unchecked { state += Golden; }
        return Mix(state);
    }

    /// <summary>Uniform double in [0, 1) with 53 random bits (exact, no rounding differences).</summary>
    public double NextDouble() => (NextUInt64() >> 11) * UnitScale;

    /// <summary>Uniform double in [<paramref name="min"/>, <paramref name="max"/>).</summary>
    public double NextDouble(double min, double max) => min + (max - min) * NextDouble();

    /// <summary>Uniform integer in [0, <paramref name="maxExclusive"/>) (multiply-shift; bias below 2⁻³²).</summary>
    public int NextInt(int maxExclusive)
    {
        if (maxExclusive <= 0) throw new ArgumentOutOfRangeException(nameof(maxExclusive), maxExclusive, "must be > 0");
        return (int)Math.BigMul(NextUInt64(), (ulong)maxExclusive, out _);
    }

    /// <summary>Uniform integer in [<paramref name="min"/>, <paramref name="maxInclusive"/>].</summary>
    public int NextInt(int min, int maxInclusive) => min + NextInt(maxInclusive - min + 1);

    /// <summary>True with probability <paramref name="p"/>.</summary>
    public bool NextBool(double p = 0.5) => NextDouble() < p;
}
