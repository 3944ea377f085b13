using System;
using Rfga.MLNet.Localization;

namespace Rfga.MLNet.Tests.Localization;

/// <summary>CAM-like score maps: a few Gaussian blobs on a coarse grid, bicubic-upsampled as the reference does, min-max normalised.</summary>
internal static class CamLikeMaps
{
    /// <summary>A <paramref name="width"/>×<paramref name="height"/> float32 map from a 7×7 or 14×14 grid.</summary>
    public static float[] Create(Random rng, int width, int height)
    {
        int side = rng.Next(2) == 0 ? 7 : 14;
        var low = new double[side * side];
        for (int b = rng.Next(1, 4); b > 0; b--)
        {
            double cx = rng.NextDouble() * side, cy = rng.NextDouble() * side, s = 0.5 + rng.NextDouble() * side / 4, a = 0.3 + rng.NextDouble();
            for (int y = 0; y < side; y++)
            {
                for (int x = 0; x < side; x++)
                {
                    low[y * side + x] += a * Math.Exp(-((x - cx) * (x - cx) + (y - cy) * (y - cy)) / (2 * s * s));
                }
            }
        }

        for (int i = 0; i < low.Length; i++)
        {
            low[i] = Math.Max(0, low[i] + 0.1 * (rng.NextDouble() - 0.5));
        }

        double[] map = ScoreMapResizer.Resize(low, side, side, width, height);
        ScoreMapNormalizer.NormalizeInPlace(map);
        return Array.ConvertAll(map, v => (float)v);
    }
}
