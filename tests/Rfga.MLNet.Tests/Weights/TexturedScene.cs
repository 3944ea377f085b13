using System;
using Rfga.MLNet.Imaging;
using Rfga.MLNet.Localization;

namespace Rfga.MLNet.Tests.Weights;

/// <summary>A generated test image: one textured object (an ellipse of random coloured 4×4 cells) on a flat grey background.</summary>
internal static class TexturedScene
{
    /// <summary>The flat background colour (R = G = B).</summary>
    public const byte Background = 150;

    /// <summary>A <paramref name="width"/>×<paramref name="height"/> image with the object filling the ellipse inscribed in <paramref name="box"/>.</summary>
    public static RgbImage Make(int width, int height, PixelBox box, int seed)
    {
        var rng = new Random(seed);
        var pixels = new byte[width * height * 3];
        Array.Fill(pixels, Background);
        int cellsX = width / 4 + 1, cellsY = height / 4 + 1;
        var cells = new byte[cellsX * cellsY * 3];
        rng.NextBytes(cells);
        double cx = (box.X0 + box.X1) / 2.0, cy = (box.Y0 + box.Y1) / 2.0;
        double rx = (box.X1 - box.X0 + 1) / 2.0, ry = (box.Y1 - box.Y0 + 1) / 2.0;
        for (int y = box.Y0; y <= box.Y1; y++)
            for (int x = box.X0; x <= box.X1; x++)
            {
                double dx = (x + 0.5 - cx) / rx, dy = (y + 0.5 - cy) / ry;
                if (dx * dx + dy * dy > 1) continue;
                int c = ((y / 4) * cellsX + x / 4) * 3, o = (y * width + x) * 3;
                pixels[o] = cells[c];
                pixels[o + 1] = cells[c + 1];
                pixels[o + 2] = cells[c + 2];
            }
        return new RgbImage(width, height, pixels);
    }
}
