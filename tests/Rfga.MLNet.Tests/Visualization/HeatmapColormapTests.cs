using System;
using Microsoft.VisualStudio.TestTools.UnitTesting;
using Rfga.MLNet.Visualization;

namespace Rfga.MLNet.Tests.Visualization;

[TestClass]
public sealed class HeatmapColormapTests
{
    [TestMethod]
    [DataRow(0f, 0, 0, 128)]
    [DataRow(0.25f, 0, 128, 255)]
    [DataRow(0.5f, 128, 255, 128)]
    [DataRow(0.75f, 255, 128, 0)]
    [DataRow(1f, 128, 0, 0)]
    [DataRow(0.125f, 0, 0, 255)]
    public void Map_Knots_MatchJetDefinition(float v, int r, int g, int b)
    {
        // Hand-derived from r = 1.5 − |4v − 3|, g = 1.5 − |4v − 2|, b = 1.5 − |4v − 1|, clamped, × 255, rounded.
        Assert.AreEqual(((byte)r, (byte)g, (byte)b), HeatmapColormap.Map(v));
    }

    [TestMethod]
    public void Map_Sweep_IsContinuous()
    {
        // Each channel's slope is at most 4·255 per unit, so a 1/256 step moves it ≤ 4 levels (+1 for rounding).
        var previous = HeatmapColormap.Map(0f);
        for (int i = 1; i <= 256; i++)
        {
            var c = HeatmapColormap.Map(i / 256f);
            int jump = Math.Max(Math.Abs(c.R - previous.R), Math.Max(Math.Abs(c.G - previous.G), Math.Abs(c.B - previous.B)));
            Assert.IsLessThanOrEqualTo(5, jump, $"jump at {i}/256");
            previous = c;
        }
    }

    [TestMethod]
    [DataRow(float.NaN)]
    [DataRow(-0.01f)]
    [DataRow(1.01f)]
    public void Map_OutsideUnitInterval_Throws(float v)
    {
        var e = Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => HeatmapColormap.Map(v));
        Assert.AreEqual("v", e.ParamName);
    }
}
