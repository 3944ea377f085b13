using System;
using Microsoft.VisualStudio.TestTools.UnitTesting;
using Rfga.MLNet.Visualization;

namespace Rfga.MLNet.Tests.Visualization;

[TestClass]
public sealed class OverlayMontageTests
{
    private static OverlayImage Solid(int width, int height, byte r, byte g, byte b)
    {
        var rgb = new byte[width * height * 3];
        for (int i = 0; i < rgb.Length; i += 3)
        {
            rgb[i] = r;
            rgb[i + 1] = g;
            rgb[i + 2] = b;
        }
        return new OverlayImage(rgb, width, height);
    }

    [TestMethod]
    public void Compose_TwoPanelsWithCaptions_PanelsAtOffsetsAndInkOnlyInCaptionStrips()
    {
        var a = Solid(30, 20, 200, 10, 10);
        var b = Solid(40, 25, 10, 10, 200);
        var m = OverlayMontage.Compose([a, b], ["A1", "B"]);
        int gap = OverlayMontage.Gap;
        Assert.AreEqual(gap + 30 + gap + 40 + gap, m.Width);
        Assert.AreEqual(gap + 25 + OverlayMontage.CaptionHeight, m.Height);
        int ink = 0;
        for (int y = 0; y < m.Height; y++)
            for (int x = 0; x < m.Width; x++)
            {
                var c = m[x, y];
                bool inA = x >= gap && x < gap + 30 && y >= gap && y < gap + 20;
                bool inB = x >= 2 * gap + 30 && x < 2 * gap + 70 && y >= gap && y < gap + 25;
                if (inA) Assert.AreEqual(((byte)200, (byte)10, (byte)10), c, $"({x},{y})");
                else if (inB) Assert.AreEqual(((byte)10, (byte)10, (byte)200), c, $"({x},{y})");
                else if (c == OverlayMontage.CaptionColor)
                {
                    ink++;
                    Assert.IsGreaterThanOrEqualTo(gap + 25, y, $"caption ink at ({x},{y}) above the strip");
                }
                else Assert.AreEqual(OverlayMontage.Background, c, $"({x},{y})");
            }
        // "A1" and "B" in the 3×5 font: A has 10 ink cells, 1 has 8, B has 10; each cell is CaptionScale² pixels.
        Assert.AreEqual((10 + 8 + 10) * OverlayMontage.CaptionScale * OverlayMontage.CaptionScale, ink);
    }

    [TestMethod]
    public void Compose_CaptionCountMismatch_Throws()
    {
        var e = Assert.ThrowsExactly<ArgumentException>(() => OverlayMontage.Compose([Solid(4, 4, 1, 2, 3)], ["a", "b"]));
        Assert.AreEqual("captions", e.ParamName);
    }
}
