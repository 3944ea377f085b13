using System;
using System.Collections.Generic;

namespace Rfga.MLNet.Tests.Localization;

/// <summary>Seeded random score maps of several kinds, many with a peak below 255/255.</summary>
internal static class RandomMaps
{
    /// <summary>One map of kind <c>index % 5</c>: noise, palette plateaus, Gaussian blobs, rectangles and rings, sparse dots.</summary>
    public static double[] Create(Random rng, int index, out int width, out int height, int maxSide = 20)
    {
        width = rng.Next(1, maxSide + 1);
        height = rng.Next(1, maxSide + 1);
        // Peak grey level: often below 255 so thresholds relative to M (not 255) matter.
        double peak = rng.Next(4) == 0 ? 1.0 : rng.Next(1, 256) / 255.0 + rng.NextDouble() * 0.0039;
        peak = Math.Min(peak, 1.0);
        var map = new double[width * height];
        switch (index % 5)
        {
            case 0:
                for (int i = 0; i < map.Length; i++)
                {
                    map[i] = rng.NextDouble() * peak;
                }

                break;
            case 1:
                double[] palette = [0.0, rng.NextDouble() * peak, rng.NextDouble() * peak, peak];
                for (int i = 0; i < map.Length; i++)
                {
                    map[i] = palette[rng.Next(palette.Length)];
                }

                break;
            case 2:
                Blobs(rng, map, width, height, peak);
                break;
            case 3:
                Shapes(rng, map, width, height, peak);
                break;
            default:
                double density = rng.NextDouble();
                for (int i = 0; i < map.Length; i++)
                {
                    map[i] = rng.NextDouble() < density ? peak * (0.5 + 0.5 * rng.NextDouble()) : 0.0;
                }

                break;
        }

        return map;
    }

    /// <summary>The map as float32, clamped into [0, 1].</summary>
    public static float[] ToFloat(double[] map) => Array.ConvertAll(map, v => Math.Clamp((float)v, 0f, 1f));

    private static void Blobs(Random rng, double[] map, int width, int height, double peak)
    {
        int count = rng.Next(1, 5);
        var blobs = new List<(double Cx, double Cy, double S, double A)>();
        for (int b = 0; b < count; b++)
        {
            blobs.Add((rng.NextDouble() * width, rng.NextDouble() * height, 0.5 + rng.NextDouble() * 4, 0.3 + rng.NextDouble()));
        }

        double max = 0;
        for (int y = 0; y < height; y++)
        {
            for (int x = 0; x < width; x++)
            {
                double v = 0;
                foreach ((double cx, double cy, double s, double a) in blobs)
                {
                    v += a * Math.Exp(-((x - cx) * (x - cx) + (y - cy) * (y - cy)) / (2 * s * s));
                }

                v += 0.05 * rng.NextDouble();
                map[y * width + x] = v;
                max = Math.Max(max, v);
            }
        }

        for (int i = 0; i < map.Length; i++)
        {
            map[i] = Math.Min(map[i] / max * peak, 1.0);
        }
    }

    private static void Shapes(Random rng, double[] map, int width, int height, double peak)
    {
        int count = rng.Next(1, 7);
        for (int s = 0; s < count; s++)
        {
            int x0 = rng.Next(width), y0 = rng.Next(height);
            int x1 = rng.Next(x0, width), y1 = rng.Next(y0, height);
            double level = rng.NextDouble() * peak;
            bool ring = rng.Next(2) == 0;
            for (int y = y0; y <= y1; y++)
            {
                for (int x = x0; x <= x1; x++)
                {
                    bool edge = x == x0 || x == x1 || y == y0 || y == y1;
                    if (!ring || edge)
                    {
                        map[y * width + x] = level;
                    }
                }
            }
        }

        map[rng.Next(map.Length)] = peak;
    }
}
