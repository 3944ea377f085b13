using System;

namespace Rfga.MLNet.Localization;

/// <summary>
/// Min-max normalisation of a CAM, the reference's <c>normalize_scoremap</c>: a map containing NaN, or a constant
/// map, becomes all zeros; otherwise <c>m −= min(m); m /= max(m)</c> in float64, in that order.
/// </summary>
public static class ScoreMapNormalizer
{
    /// <summary>Normalises <paramref name="map"/> in place to [0, 1].</summary>
    public static void NormalizeInPlace(Span<double> map)
    {
        if (map.IsEmpty) return;
        double min = double.PositiveInfinity;
        foreach (double v in map)
        {
            if (double.IsNaN(v)) { map.Clear(); return; }
            if (v < min) min = v;
        }
        double max = double.NegativeInfinity;
        for (int i = 0; i < map.Length; i++)
        {
            map[i] -= min;
            if (map[i] > max) max = map[i];
        }
        // Constant map, or ±∞ entries that make the range undefined: zeros, as the reference's NaN rule gives.
        if (!(max > 0) || double.IsInfinity(max) || double.IsInfinity(min)) { map.Clear(); return; }
        for (int i = 0; i < map.Length; i++) map[i] /= max;
    }
}
