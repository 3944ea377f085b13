using System;

namespace Rfga.MLNet.Tests.Localization;

/// <summary>Builders for small row-major score maps and masks used by the localization and evaluation tests.</summary>
internal static class TestMaps
{
    /// <summary>A row-major copy of a [H, W] array.</summary>
    public static double[] Flatten(double[,] rows)
    {
        int height = rows.GetLength(0), width = rows.GetLength(1);
        var map = new double[height * width];
        for (int y = 0; y < height; y++)
        {
            for (int x = 0; x < width; x++)
            {
                map[y * width + x] = rows[y, x];
            }
        }

        return map;
    }

    /// <summary>Sets map[y, x] = value for x0 ≤ x ≤ x1, y0 ≤ y ≤ y1 (inclusive).</summary>
    public static void FillRect(float[] map, int width, int x0, int y0, int x1, int y1, float value)
    {
        for (int y = y0; y <= y1; y++)
        {
            for (int x = x0; x <= x1; x++)
            {
                map[y * width + x] = value;
            }
        }
    }

    /// <summary>Sets mask[y, x] = value for x0 ≤ x ≤ x1, y0 ≤ y ≤ y1 (inclusive).</summary>
    public static void FillRect(bool[] mask, int width, int x0, int y0, int x1, int y1, bool value)
    {
        for (int y = y0; y <= y1; y++)
        {
            for (int x = x0; x <= x1; x++)
            {
                mask[y * width + x] = value;
            }
        }
    }

    /// <summary>The map as float32 values.</summary>
    public static float[] ToFloat(double[] map) => Array.ConvertAll(map, v => (float)v);
}
