using System;

namespace Rfga.MLNet.Localization;

/// <summary>
/// Resizes a 2-D map (row-major float64) the way OpenCV's <c>cv2.resize</c> does for float64 images with
/// <c>INTER_CUBIC</c> or <c>INTER_LINEAR</c>, which is how the reference pipeline (clovaai/wsolevaluation
/// <c>inference.py</c>) brings CAMs to the image size: source coordinate fx = (float)((dx + 0.5)·(src/dst) − 0.5),
/// float32 weights, a horizontal pass then a vertical pass with float64 sums in tap order, replicated border.
/// </summary>
public static class ScoreMapResizer
{
    private const float CubicA = -0.75f;

    /// <summary>Resizes <paramref name="map"/> (<paramref name="width"/>×<paramref name="height"/>) to <paramref name="newWidth"/>×<paramref name="newHeight"/>.</summary>
    public static double[] Resize(ReadOnlySpan<double> map, int width, int height, int newWidth, int newHeight,
        MapInterpolation interpolation = MapInterpolation.Bicubic)
    {
        if (width < 1) throw new ArgumentOutOfRangeException(nameof(width), width, "must be ≥ 1");
        if (height < 1) throw new ArgumentOutOfRangeException(nameof(height), height, "must be ≥ 1");
        if (newWidth < 1) throw new ArgumentOutOfRangeException(nameof(newWidth), newWidth, "must be ≥ 1");
        if (newHeight < 1) throw new ArgumentOutOfRangeException(nameof(newHeight), newHeight, "must be ≥ 1");
        if (map.Length != (long)width * height)
            throw new ArgumentException($"expected {(long)width * height} values for {width}×{height}; got {map.Length}.", nameof(map));
        if (width == newWidth && height == newHeight) return map.ToArray();   // cv2.resize copies
        int taps = interpolation == MapInterpolation.Bicubic ? 4 : 2;
        var (xIndex, xWeight) = Taps(width, newWidth, taps);
        var (yIndex, yWeight) = Taps(height, newHeight, taps);

        // Horizontal pass: every source row to the new width.
        var rows = new double[height * newWidth];
        for (int y = 0; y < height; y++)
        {
            var src = map.Slice(y * width, width);
            int o = y * newWidth;
            for (int dx = 0; dx < newWidth; dx++)
            {
                int t0 = dx * taps;
                double v = src[xIndex[t0]] * (double)xWeight[t0];
                for (int k = 1; k < taps; k++) v += src[xIndex[t0 + k]] * (double)xWeight[t0 + k];
                rows[o + dx] = v;
            }
        }
        // Vertical pass.
        var result = new double[newHeight * newWidth];
        for (int dy = 0; dy < newHeight; dy++)
        {
            int t0 = dy * taps, o = dy * newWidth;
            for (int x = 0; x < newWidth; x++)
            {
                double v = yWeight[t0] * rows[yIndex[t0] * newWidth + x];
                for (int k = 1; k < taps; k++) v += yWeight[t0 + k] * rows[yIndex[t0 + k] * newWidth + x];
                result[o + x] = v;
            }
        }
        return result;
    }

    /// <summary>Source indices (clamped) and float32 weights of each destination position along one axis.</summary>
    private static (int[] Index, float[] Weight) Taps(int source, int destination, int taps)
    {
        double scale = 1.0 / ((double)destination / source);
        var index = new int[destination * taps];
        var weight = new float[destination * taps];
        Span<float> w = stackalloc float[4];
        for (int d = 0; d < destination; d++)
        {
            float f = (float)((d + 0.5) * scale - 0.5);
            int s = (int)MathF.Floor(f);
            f -= s;
            if (taps == 2)
            {
                // INTER_LINEAR clamps the coordinate itself at the borders.
                if (s < 0) { f = 0; s = 0; }
                if (s >= source - 1) { f = 0; s = source - 1; }
                w[0] = 1f - f;
                w[1] = f;
            }
            else
            {
                Cubic(f, w);
            }
            int first = taps == 4 ? s - 1 : s;
            for (int k = 0; k < taps; k++)
            {
                index[d * taps + k] = Math.Clamp(first + k, 0, source - 1);
                weight[d * taps + k] = w[k];
            }
        }
        return (index, weight);
    }

    /// <summary>OpenCV's <c>interpolateCubic</c>, in float32 arithmetic.</summary>
    private static void Cubic(float x, Span<float> c)
    {
        const float A = CubicA;
        c[0] = ((A * (x + 1) - 5 * A) * (x + 1) + 8 * A) * (x + 1) - 4 * A;
        c[1] = ((A + 2) * x - (A + 3)) * x * x + 1;
        c[2] = ((A + 2) * (1 - x) - (A + 3)) * (1 - x) * (1 - x) + 1;
        c[3] = 1f - c[0] - c[1] - c[2];
    }
}
