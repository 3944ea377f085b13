using System;

namespace Rfga.MLNet.Visualization;

/// <summary>
/// The "jet" colour map (dark blue → blue → cyan → yellow → red → dark red), as MATLAB's and Matplotlib's
/// piecewise-linear definition: r = clamp(1.5 − |4v − 3|), g = clamp(1.5 − |4v − 2|), b = clamp(1.5 − |4v − 1|).
/// </summary>
public static class HeatmapColormap
{
    /// <summary>Colour of <paramref name="v"/> ∈ [0, 1]: (0, 0, 128) at 0, (128, 0, 0) at 1; throws for NaN or values outside [0, 1].</summary>
    public static (byte R, byte G, byte B) Map(float v)
    {
        if (!(v >= 0f && v <= 1f)) throw new ArgumentOutOfRangeException(nameof(v), v, "must be in [0, 1]");
        return (Channel(v, 3), Channel(v, 2), Channel(v, 1));
    }

    private static byte Channel(float v, int centre)
    {
        float x = Math.Clamp(1.5f - Math.Abs(4f * v - centre), 0f, 1f);
        return (byte)(x * 255f + 0.5f);
    }
}
