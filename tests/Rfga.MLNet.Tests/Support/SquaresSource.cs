using System;
using Rfga.MLNet.Imaging;
using Rfga.MLNet.Training;

namespace Rfga.MLNet.Tests.Support;

/// <summary>
/// A tiny two-class training set made in the test: a gray noisy background with one 8×8 square, red for class 0
/// and blue for class 1, at a seeded random position.
/// </summary>
internal sealed class SquaresSource : ITrainingSampleSource
{
    private readonly RgbImage[] images;
    private readonly int[] labels;
    private readonly Rfga.MLNet.Localization.PixelBox[] boxes;

    public SquaresSource(int count, int size = 32, int seed = 5)
    {
        var rng = new Random(seed);
        images = new RgbImage[count];
        labels = new int[count];
        boxes = new Rfga.MLNet.Localization.PixelBox[count];
        for (int n = 0; n < count; n++)
        {
            labels[n] = n % 2;
            var px = new byte[size * size * 3];
            for (int i = 0; i < px.Length; i++) px[i] = (byte)(100 + rng.Next(40));
            int x0 = rng.Next(size - 8), y0 = rng.Next(size - 8);
            boxes[n] = new Rfga.MLNet.Localization.PixelBox(x0, y0, x0 + 7, y0 + 7);
            for (int y = y0; y < y0 + 8; y++)
                for (int x = x0; x < x0 + 8; x++)
                {
                    int o = (y * size + x) * 3;
                    px[o] = (byte)(labels[n] == 0 ? 230 : 20);
                    px[o + 1] = 20;
                    px[o + 2] = (byte)(labels[n] == 0 ? 20 : 230);
                }
            images[n] = new RgbImage(size, size, px);
        }
    }

    public int Count => images.Length;

    public int ClassCount => 2;

    public int GetLabel(int index) => labels[index];

    public RgbImage GetImage(int index) => images[index];

    /// <summary>The square's inclusive box.</summary>
    public Rfga.MLNet.Localization.PixelBox GetBox(int index) => boxes[index];
}
