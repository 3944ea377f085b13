using System;
using System.Globalization;
using System.IO;
using System.Linq;
using Microsoft.VisualStudio.TestTools.UnitTesting;
using Rfga.MLNet.Localization;

namespace Rfga.MLNet.Tests.Localization;

[TestClass]
public sealed class ScoreMapResizerTests
{
    /// <summary>
    /// Cases written by OpenCV 4.6.0's cv2.resize on float64 maps (tests/reference/opencv_resize_cases.py): the C#
    /// resize must give the same doubles bit for bit, up- and downsampling, cubic and linear.
    /// </summary>
    [TestMethod]
    public void Resize_OpenCvCases_AreBitIdentical()
    {
        var lines = File.ReadAllLines(Path.Combine(AppContext.BaseDirectory, "Localization", "opencv_resize_cases.txt"))
            .Where(l => !l.StartsWith('#') && l.Length > 0).ToArray();
        Assert.IsTrue(lines.Length >= 6 && lines.Length % 3 == 0);
        for (int c = 0; c < lines.Length; c += 3)
        {
            var head = lines[c].Split(' ');
            var mode = Enum.Parse<MapInterpolation>(head[0]);
            int w = int.Parse(head[1]), h = int.Parse(head[2]), nw = int.Parse(head[3]), nh = int.Parse(head[4]);
            var source = Parse(lines[c + 1]);
            var expected = Parse(lines[c + 2]);
            var actual = ScoreMapResizer.Resize(source, w, h, nw, nh, mode);
            Assert.AreEqual(expected.Length, actual.Length, lines[c]);
            for (int i = 0; i < expected.Length; i++)
                Assert.AreEqual(expected[i], actual[i], 0.0, $"{lines[c]}: value {i}");
        }
    }

    [TestMethod]
    public void Resize_ConstantMap_StaysConstant()
    {
        var r = ScoreMapResizer.Resize(Enumerable.Repeat(0.25, 12).ToArray(), 4, 3, 9, 7);
        Assert.IsTrue(r.All(v => Math.Abs(v - 0.25) < 1e-12));
    }

    [TestMethod]
    public void Resize_WrongLength_ThrowsNamingSizes()
    {
        var e = Assert.ThrowsExactly<ArgumentException>(() => ScoreMapResizer.Resize(new double[5], 2, 3, 4, 4));
        StringAssert.Contains(e.Message, "2×3");
    }

    [TestMethod]
    public void Normalize_ReferenceRules_NaNAndConstantGiveZeros()
    {
        var map = new[] { 2.0, 4.0, 3.0 };
        ScoreMapNormalizer.NormalizeInPlace(map);
        CollectionAssert.AreEqual(new[] { 0.0, 1.0, 0.5 }, map);
        var constant = new[] { 0.7, 0.7 };
        ScoreMapNormalizer.NormalizeInPlace(constant);
        CollectionAssert.AreEqual(new[] { 0.0, 0.0 }, constant);
        var nan = new[] { 0.1, double.NaN, 0.9 };
        ScoreMapNormalizer.NormalizeInPlace(nan);
        CollectionAssert.AreEqual(new[] { 0.0, 0.0, 0.0 }, nan);
        // Subtract first, then divide by the new maximum: (0.3 − 0.1) / (0.7 − 0.1) in float64, as numpy does.
        var order = new[] { 0.1, 0.3, 0.7 };
        ScoreMapNormalizer.NormalizeInPlace(order);
        Assert.AreEqual((0.3 - 0.1) / (0.7 - 0.1), order[1], 0.0);
    }

    private static double[] Parse(string line) =>
        line.Split(' ', StringSplitOptions.RemoveEmptyEntries).Select(v => double.Parse(v, CultureInfo.InvariantCulture)).ToArray();
}
