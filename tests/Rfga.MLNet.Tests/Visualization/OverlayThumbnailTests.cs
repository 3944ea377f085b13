using System;
using Microsoft.VisualStudio.TestTools.UnitTesting;
using Rfga.MLNet.Localization;
using Rfga.MLNet.Visualization;

namespace Rfga.MLNet.Tests.Visualization;

[TestClass]
public sealed class OverlayThumbnailTests
{
    private static byte[] Grey(int w, int h)
    {
        var rgb = new byte[w * h * 3];
        Array.Fill(rgb, (byte)100);
        return rgb;
    }

    private static bool OnBorder(PixelBox b, int x, int y) =>
        x >= b.X0 && x <= b.X1 && y >= b.Y0 && y <= b.Y1 && (x == b.X0 || x == b.X1 || y == b.Y0 || y == b.Y1);

    [TestMethod]
    public void Render_LargeImage_ReducedByWholeFactorWithBoxesAtDividedCorners()
    {
        Assert.AreEqual(-4, OverlayThumbnail.ScaleFor(100, 60, 32));
        var gt = new PixelBox(8, 4, 47, 31);
        var predicted = new PixelBox(50, 10, 99, 59);
        var image = OverlayThumbnail.Render(Grey(100, 60), 100, 60, cam: null, [gt], predicted, maxSide: 32);
        Assert.AreEqual(25, image.Width);
        Assert.AreEqual(15, image.Height);
        var g = new PixelBox(2, 1, 11, 7);
        var p = new PixelBox(12, 2, 24, 14);
        Assert.AreEqual(g, OverlayThumbnail.Reduce(gt, 4));
        Assert.AreEqual(p, OverlayThumbnail.Reduce(predicted, 4));
        for (int y = 0; y < image.Height; y++)
            for (int x = 0; x < image.Width; x++)
            {
                var expected = OnBorder(p, x, y) ? OverlayRenderer.PredictionColor : OnBorder(g, x, y) ? OverlayRenderer.GroundTruthColor : ((byte)100, (byte)100, (byte)100);
                Assert.AreEqual(expected, image[x, y], $"({x}, {y})");
            }
    }

    [TestMethod]
    public void Render_SmallImage_EnlargedByLargestWholeFactor()
    {
        Assert.AreEqual(3, OverlayThumbnail.ScaleFor(20, 10, 64));
        var image = OverlayThumbnail.Render(Grey(20, 10), 20, 10, cam: null, null, new PixelBox(1, 1, 5, 5), maxSide: 64);
        Assert.AreEqual(60, image.Width);
        Assert.AreEqual(30, image.Height);
        Assert.AreEqual(OverlayRenderer.PredictionColor, image[3, 3]);
        Assert.AreEqual(OverlayRenderer.PredictionColor, image[5, 5]);
        Assert.AreEqual(((byte)100, (byte)100, (byte)100), image[6, 6]);
    }

    [TestMethod]
    public void Render_ReducedCam_IsBlockAverage()
    {
        // 40×20 → f = 4 → 10×5; the first 4×4 block holds four hot pixels (value 1) → mean 0.25.
        var cam = new float[40 * 20];
        cam[0] = cam[1] = cam[40] = cam[41] = 1f;
        var reduced = OverlayThumbnail.Render(Grey(40, 20), 40, 20, cam, null, null, maxSide: 10, heatAlpha: 1f);
        Assert.AreEqual(10, reduced.Width);
        Assert.AreEqual(5, reduced.Height);
        Assert.AreEqual(HeatmapColormap.Map(0.25f), reduced[0, 0]);
        Assert.AreEqual(HeatmapColormap.Map(0f), reduced[1, 0]);
    }

    [TestMethod]
    public void Compose_Grid_CellsAtDocumentedOriginsWithTitlesAndCaptions()
    {
        var a = new OverlayImage(Filled(10, 8, 200), 10, 8);
        var b = new OverlayImage(Filled(6, 12, 50), 6, 12);
        var grid = OverlayGrid.Compose([[a, b], [b, a]], ["A", "B"], [["1", "2"], ["3", "4"]]);
        int gap = OverlayGrid.Gap, strip = OverlayGrid.TextStripHeight, slotW = 10, slotH = 12;
        Assert.AreEqual(gap + 2 * (slotW + gap), grid.Width);
        Assert.AreEqual(gap + strip + 2 * (slotH + strip + gap), grid.Height);
        int top = gap + strip;
        Assert.AreEqual(((byte)200, (byte)200, (byte)200), grid[gap, top]);
        Assert.AreEqual(((byte)200, (byte)200, (byte)200), grid[gap + 9, top + 7]);
        Assert.AreEqual(OverlayGrid.Background, grid[gap + 9, top + 8]);
        Assert.AreEqual(((byte)50, (byte)50, (byte)50), grid[gap + slotW + gap, top + 11]);
        int row1 = top + slotH + strip + gap;
        Assert.AreEqual(((byte)50, (byte)50, (byte)50), grid[gap + 5, row1 + 11]);
        Assert.AreEqual(((byte)200, (byte)200, (byte)200), grid[gap + slotW + gap, row1]);
        Assert.ThrowsExactly<ArgumentException>(() => OverlayGrid.Compose([[a, b], [a]]));
    }

    private static byte[] Filled(int w, int h, byte v)
    {
        var rgb = new byte[w * h * 3];
        Array.Fill(rgb, v);
        return rgb;
    }
}
