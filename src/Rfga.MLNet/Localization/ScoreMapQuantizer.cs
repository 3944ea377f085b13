using System;
using System.Globalization;

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
        int peak = 0;
        for (int i = 0; i < map.Length; i++)
        {
            double value = map[i];
            CheckValue(value, i, width);
            int q = (int)(value * MaxLevel); // float64 product, truncated: floor for value >= 0
            levels[i] = (byte)q;
            peak = Math.Max(peak, q);
        }

        return peak;
    }

    /// <summary>
    /// Validates the row-major map [H, W] and writes q = ⌊S·255⌋ into <paramref name="levels"/>.
    /// </summary>
    /// <returns>The peak level M = max q (0 when every value is below 1/255).</returns>
    public static int Quantize(ReadOnlySpan<double> map, int width, int height, Span<byte> levels)
    {
        CheckShape(map.Length, width, height);
        CheckDestination(levels.Length, map.Length);
        int peak = 0;
        for (int i = 0; i < map.Length; i++)
        {
            double value = map[i];
            CheckValue(value, i, width);
            int q = (int)(value * MaxLevel);
            levels[i] = (byte)q;
            peak = Math.Max(peak, q);
        }

        return peak;
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
