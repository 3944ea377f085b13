using System;
using System.Globalization;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace Rfga.MLNet.Localization;

/// <summary>
/// Validates score maps and turns them into the reference's grey levels and thresholds:
/// q = ⌊S·255⌋, M = max q, thr_i = trunc(τ_i·M), a pixel is on iff q &gt; thr_i (all in float64).
/// </summary>
public static class ScoreMapQuantizer
{
    /// <summary>The largest grey level, q for S = 1 (the reference's uint8 image).</summary>
    public const int MaxLevel = 255;

    /// <summary>Throws unless the map is <paramref name="height"/>×<paramref name="width"/>, NaN-free and within [0, 1].</summary>
    public static void Validate(ReadOnlySpan<float> map, int width, int height)
    {
        CheckShape(map.Length, width, height);
        for (int i = 0; i < map.Length; i++)
        {
            CheckValue(map[i], i, width);
        }
    }

    /// <summary>Throws unless the map is <paramref name="height"/>×<paramref name="width"/>, NaN-free and within [0, 1].</summary>
    public static void Validate(ReadOnlySpan<double> map, int width, int height)
    {
        CheckShape(map.Length, width, height);
        for (int i = 0; i < map.Length; i++)
        {
            CheckValue(map[i], i, width);
        }
    }

    /// <summary>
    /// Validates the row-major map [H, W] and writes q = ⌊S·255⌋ into <paramref name="levels"/>.
    /// </summary>
    /// <returns>The peak level M = max q (0 when every value is below 1/255).</returns>
    public static int Quantize(ReadOnlySpan<float> map, int width, int height, Span<byte> levels)
    {
        CheckShape(map.Length, width, height);
        CheckDestination(levels.Length, map.Length);
        return QuantizeValues(map, levels, 0, width);
    }

    /// <summary>
    /// Validates the row-major map [H, W] and writes q = ⌊S·255⌋ into <paramref name="levels"/>.
    /// </summary>
    /// <returns>The peak level M = max q (0 when every value is below 1/255).</returns>
    public static int Quantize(ReadOnlySpan<double> map, int width, int height, Span<byte> levels)
    {
        CheckShape(map.Length, width, height);
        CheckDestination(levels.Length, map.Length);
        return QuantizeValues(map, levels, 0, width);
    }

    /// <summary>The grey level of one score, ⌊value·255⌋ in float64.</summary>
    /// <param name="value">A score in [0, 1].</param>
    public static int Level(double value)
    {
        CheckValue(value, -1, 1);
        return (int)Math.Floor(value * MaxLevel);
    }

    /// <summary>The binarisation threshold trunc(τ·M), float64 product; pixels with q &gt; thr are on.</summary>
    /// <param name="tau">The score threshold τ, in [0, 1].</param>
    /// <param name="peak">The map's peak grey level M, in [0, 255].</param>
    public static int Threshold(double tau, int peak)
    {
        CheckTau(tau, nameof(tau));
        if (peak < 0 || peak > MaxLevel)
        {
            throw new ArgumentOutOfRangeException(nameof(peak), peak, "The peak grey level must lie in [0, 255].");
        }

        return (int)Math.Truncate(tau * peak);
    }

    /// <summary>
    /// q = ⌊v·255⌋ (float64 product, truncated) for consecutive map values, validating each; values[i] is
    /// the map's value at row-major index <paramref name="firstIndex"/> + i, for error messages.
    /// </summary>
    /// <returns>The largest q written (0 for an empty span).</returns>
    internal static int QuantizeValues(ReadOnlySpan<double> values, Span<byte> levels, int firstIndex, int width)
    {
        int i = 0;
        int peak = 0;
        if (Avx.IsSupported && values.Length >= VectorBlock)
        {
            ref double source = ref MemoryMarshal.GetReference(values);
            ref byte target = ref MemoryMarshal.GetReference(levels);
            Vector128<int> peaks = Vector128<int>.Zero;
            for (; i <= values.Length - VectorBlock; i += VectorBlock)
            {
                Vector256<double> a = Vector256.LoadUnsafe(ref source, (nuint)i);
                Vector256<double> b = Vector256.LoadUnsafe(ref source, (nuint)i + 4);
                Vector256<double> c = Vector256.LoadUnsafe(ref source, (nuint)i + 8);
                Vector256<double> d = Vector256.LoadUnsafe(ref source, (nuint)i + 12);
                if (!InUnitInterval(a, b, c, d))
                {
                    break; // the scalar loop below names the offending value
                }

                peaks = Store(a, b, c, d, peaks, ref Unsafe.Add(ref target, i));
            }

            peak = MaxLane(peaks);
        }

        for (; i < values.Length; i++)
        {
            double value = values[i];
            CheckValue(value, firstIndex + i, width);
            int q = (int)(value * MaxLevel);
            levels[i] = (byte)q;
            peak = Math.Max(peak, q);
        }

        return peak;
    }

    /// <summary>As the float64 overload, for float32 values widened to float64 first (as the reference does).</summary>
    internal static int QuantizeValues(ReadOnlySpan<float> values, Span<byte> levels, int firstIndex, int width)
    {
        int i = 0;
        int peak = 0;
        if (Avx.IsSupported && values.Length >= VectorBlock)
        {
            ref float source = ref MemoryMarshal.GetReference(values);
            ref byte target = ref MemoryMarshal.GetReference(levels);
            Vector128<int> peaks = Vector128<int>.Zero;
            for (; i <= values.Length - VectorBlock; i += VectorBlock)
            {
                Vector256<double> a = Avx.ConvertToVector256Double(Vector128.LoadUnsafe(ref source, (nuint)i));
                Vector256<double> b = Avx.ConvertToVector256Double(Vector128.LoadUnsafe(ref source, (nuint)i + 4));
                Vector256<double> c = Avx.ConvertToVector256Double(Vector128.LoadUnsafe(ref source, (nuint)i + 8));
                Vector256<double> d = Avx.ConvertToVector256Double(Vector128.LoadUnsafe(ref source, (nuint)i + 12));
                if (!InUnitInterval(a, b, c, d))
                {
                    break;
                }

                peaks = Store(a, b, c, d, peaks, ref Unsafe.Add(ref target, i));
            }

            peak = MaxLane(peaks);
        }

        for (; i < values.Length; i++)
        {
            double value = values[i];
            CheckValue(value, firstIndex + i, width);
            int q = (int)(value * MaxLevel);
            levels[i] = (byte)q;
            peak = Math.Max(peak, q);
        }

        return peak;
    }

    private const int VectorBlock = 16;

    // True when all 16 values are in [0, 1] (NaN fails both comparisons).
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static bool InUnitInterval(Vector256<double> a, Vector256<double> b, Vector256<double> c, Vector256<double> d)
    {
        Vector256<double> zero = Vector256<double>.Zero, one = Vector256.Create(1.0);
        Vector256<double> ok = Vector256.GreaterThanOrEqual(a, zero) & Vector256.LessThanOrEqual(a, one)
            & Vector256.GreaterThanOrEqual(b, zero) & Vector256.LessThanOrEqual(b, one)
            & Vector256.GreaterThanOrEqual(c, zero) & Vector256.LessThanOrEqual(c, one)
            & Vector256.GreaterThanOrEqual(d, zero) & Vector256.LessThanOrEqual(d, one);
        return Vector256.EqualsAll(ok.AsUInt64(), Vector256<ulong>.AllBitsSet);
    }

    // Truncates v·255 (float64) to int for 16 values, stores them as bytes and returns the running peaks.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector128<int> Store(Vector256<double> a, Vector256<double> b, Vector256<double> c, Vector256<double> d,
        Vector128<int> peaks, ref byte target)
    {
        Vector256<double> scale = Vector256.Create((double)MaxLevel);
        Vector128<int> qa = Avx.ConvertToVector128Int32WithTruncation(a * scale);
        Vector128<int> qb = Avx.ConvertToVector128Int32WithTruncation(b * scale);
        Vector128<int> qc = Avx.ConvertToVector128Int32WithTruncation(c * scale);
        Vector128<int> qd = Avx.ConvertToVector128Int32WithTruncation(d * scale);
        Vector128<ushort> low = Vector128.Narrow(qa, qb).AsUInt16();
        Vector128<ushort> high = Vector128.Narrow(qc, qd).AsUInt16();
        Vector128.Narrow(low, high).StoreUnsafe(ref target);
        return Vector128.Max(peaks, Vector128.Max(Vector128.Max(qa, qb), Vector128.Max(qc, qd)));
    }

    private static int MaxLane(Vector128<int> v) =>
        Math.Max(Math.Max(v.GetElement(0), v.GetElement(1)), Math.Max(v.GetElement(2), v.GetElement(3)));

    internal static void CheckTau(double tau, string paramName)
    {
        if (!(tau >= 0.0 && tau <= 1.0))
        {
            throw new ArgumentOutOfRangeException(paramName, tau, "The score threshold τ must lie in [0, 1].");
        }
    }

    internal static void CheckShape(int length, int width, int height)
    {
        if (width < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(width), width, "The map width must be at least 1.");
        }

        if (height < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(height), height, "The map height must be at least 1.");
        }

        if ((long)width * height != length)
        {
            throw new ArgumentException(
                string.Create(CultureInfo.InvariantCulture,
                    $"The map has {length} values but width×height is {width}×{height} = {(long)width * height}."),
                "map");
        }
    }

    private static void CheckDestination(int levelsLength, int mapLength)
    {
        if (levelsLength < mapLength)
        {
            throw new ArgumentException(
                string.Create(CultureInfo.InvariantCulture,
                    $"The levels buffer holds {levelsLength} values but the map has {mapLength}."),
                "levels");
        }
    }

    private static void CheckValue(double value, int index, int width)
    {
        if (!(value >= 0.0 && value <= 1.0))
        {
            ThrowBadValue(value, index, width);
        }
    }

    // Throws for a NaN or out-of-range score at row-major index (-1: a lone score), naming the pixel.
    internal static void ThrowBadValue(double value, int index, int width)
    {
        string where = index < 0
            ? "The score"
            : string.Create(CultureInfo.InvariantCulture, $"The score map value at index {index} (x={index % width}, y={index / width})");
        if (double.IsNaN(value))
        {
            throw new ArgumentException($"{where} is NaN; score maps must not contain NaN.", index < 0 ? nameof(value) : "map");
        }

        throw new ArgumentOutOfRangeException(
            index < 0 ? nameof(value) : "map",
            value,
            string.Create(CultureInfo.InvariantCulture, $"{where} is {value:R}; scores must lie in [0, 1]."));
    }
}
