using System;
using System.IO;
using System.Linq;
using Microsoft.VisualStudio.TestTools.UnitTesting;
using Rfga.MLNet.Tests.Data;
using Rfga.MLNet.Visualization;

namespace Rfga.MLNet.Tests.Visualization;

[TestClass]
public sealed class TauCurvePlotTests
{
    private static readonly double[] Taus = Enumerable.Range(0, 100).Select(i => i * 0.01).ToArray();

    private string directory = "";

    [TestInitialize]
    public void CreateDirectory() => directory = Directory.CreateTempSubdirectory("rfga-tau-plot-").FullName;

    [TestCleanup]
    public void DeleteDirectory()
    {
        if (Directory.Exists(directory)) Directory.Delete(directory, recursive: true);
    }

    /// <summary>A bump of <paramref name="height"/> % at <paramref name="peak"/> plus a lower bump of 40 % at 0.8.</summary>
    private static double[] TwoBumps(double peak, double height) => Taus
        .Select(t => Math.Max(height * Math.Exp(-0.5 * Math.Pow((t - peak) / 0.08, 2)), 40 * Math.Exp(-0.5 * Math.Pow((t - 0.8) / 0.05, 2))))
        .ToArray();

    private static (byte, byte, byte) At(byte[] rgb, int width, int x, int y)
    {
        int o = (y * width + x) * 3;
        return (rgb[o], rgb[o + 1], rgb[o + 2]);
    }

    /// <summary>True when the pixel and its four diagonal neighbours at distance 3 all have <paramref name="colour"/>: only a marker is that wide.</summary>
    private static bool MarkerAt(byte[] rgb, int width, (int X, int Y) p, (byte, byte, byte) colour) =>
        new[] { (0, 0), (3, 3), (-3, 3), (3, -3), (-3, -3) }.All(d => At(rgb, width, p.X + d.Item1, p.Y + d.Item2) == colour);

    [TestMethod]
    public void Save_OneCurve_PngNonBlankWithMarkerOnlyAtOptimalTau()
    {
        var curve = new TauCurve("RFGA", Taus, TwoBumps(0.37, 80));
        Assert.AreEqual(37, curve.OptimalIndex);
        string path = Path.Combine(directory, "tau.png");
        var options = new TauCurvePlotOptions { Title = "test" };
        TauCurvePlot.Save(path, [curve], options);

        var (rgb, width, height) = PngTestReader.Read(path);
        Assert.AreEqual(options.Width, width);
        Assert.AreEqual(options.Height, height);
        int ink = 0;
        for (int i = 0; i < width * height; i++)
            if (At(rgb, width, i % width, i / width) != TauCurvePlot.Background) ink++;
        Assert.IsTrue(ink > width * height / 50, $"only {ink} non-background pixels");

        var colour = TauCurvePlot.ColorOf([curve], 0);
        Assert.IsTrue(MarkerAt(rgb, width, TauCurvePlot.PixelOf(0.37, curve.MaxBoxAccuracy, options), colour), "marker at τ* = 0.37");
        // The curve passes through the lower bump's top and other points, but no marker is drawn there.
        Assert.IsFalse(MarkerAt(rgb, width, TauCurvePlot.PixelOf(0.8, curve.BoxAccuracy[80], options), colour), "no marker at the lower bump");
        Assert.IsFalse(MarkerAt(rgb, width, TauCurvePlot.PixelOf(0.6, curve.BoxAccuracy[60], options), colour), "no marker on the slope");
        // The line itself is drawn: the pixel of a point on the curve away from the marker has the curve's colour.
        Assert.AreEqual(colour, At(rgb, width, TauCurvePlot.PixelOf(0.8, curve.BoxAccuracy[80], options).X, TauCurvePlot.PixelOf(0.8, curve.BoxAccuracy[80], options).Y));
    }

    [TestMethod]
    public void Render_TiedMaximum_MarkerAtFirstTau()
    {
        var values = Taus.Select(t => Math.Abs(t - 0.2) < 1e-9 || Math.Abs(t - 0.6) < 1e-9 ? 70.0 : 30.0).ToArray();
        var curve = new TauCurve("tie", Taus, values);
        Assert.AreEqual(20, curve.OptimalIndex);
        var image = TauCurvePlot.Render([curve]);
        var colour = TauCurvePlot.ColorOf([curve], 0);
        Assert.IsTrue(MarkerAt(image.Rgb, image.Width, TauCurvePlot.PixelOf(0.2, 70), colour));
        Assert.IsFalse(MarkerAt(image.Rgb, image.Width, TauCurvePlot.PixelOf(0.6, 70), colour));
    }

    [TestMethod]
    public void Render_TwoCurvesOwnColours_EachMarkedAtItsOptimum()
    {
        var a = new TauCurve("A", Taus, TwoBumps(0.25, 76));
        var b = new TauCurve("B", Taus, TwoBumps(0.55, 60)) { Color = (10, 20, 200), Dash = 6 };
        var image = TauCurvePlot.Render([a, b]);
        Assert.AreEqual(TauCurvePlot.Palette[0], TauCurvePlot.ColorOf([a, b], 0));
        Assert.AreEqual(((byte)10, (byte)20, (byte)200), TauCurvePlot.ColorOf([a, b], 1));
        Assert.IsTrue(MarkerAt(image.Rgb, image.Width, TauCurvePlot.PixelOf(0.25, 76), TauCurvePlot.Palette[0]));
        Assert.IsTrue(MarkerAt(image.Rgb, image.Width, TauCurvePlot.PixelOf(0.55, 60), ((byte)10, (byte)20, (byte)200)));
    }

    [TestMethod]
    public void PixelOf_Corners_MapToPlotAreaCorners()
    {
        var area = TauCurvePlot.PlotArea();
        Assert.AreEqual((area.Left, area.Bottom - 1), TauCurvePlot.PixelOf(0, 0));
        Assert.AreEqual((area.Right - 1, area.Top), TauCurvePlot.PixelOf(1, 100));
    }

    [TestMethod]
    public void TauCurve_InvalidValues_ThrowNamingTheProblem()
    {
        Assert.ThrowsExactly<ArgumentException>(() => new TauCurve("x", [0.1, 0.1], [1, 2]));
        Assert.ThrowsExactly<ArgumentException>(() => new TauCurve("x", [0.1, 0.2], [1]));
        Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => new TauCurve("x", [0.1, 0.2], [1, double.NaN]));
        Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => new TauCurve("x", [0.1, 0.2], [1, 101]));
        Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => new TauCurve("x", [-0.1, 0.2], [1, 2]));
        Assert.ThrowsExactly<ArgumentException>(() => TauCurvePlot.Render([]));
    }
}
