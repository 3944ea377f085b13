using System;
using System.Linq;
using Microsoft.VisualStudio.TestTools.UnitTesting;
using Rfga.MLNet.Visualization;

namespace Rfga.MLNet.Tests.Visualization;

[TestClass]
public sealed class AttentionPanelsTests
{
    private const int C = 3, H = 4, W = 5, Panel = 40;

    /// <summary>X whose channel mean is largest at (x 3, y 1) only; M in (0.5, 0.9); X̂ = X + X ⊙ M.</summary>
    private static AttentionMaps Maps(bool withAttention = true)
    {
        var x = new float[C * H * W];
        var m = new float[C * H * W];
        for (int k = 0; k < C; k++)
            for (int y = 0; y < H; y++)
                for (int i = 0; i < W; i++)
                {
                    int o = (k * H + y) * W + i;
                    x[o] = 0.1f * (k + 1) + 0.05f * y + 0.01f * i + (i == 3 && y == 1 ? 2f : 0f);
                    m[o] = 0.5f + 0.1f * ((k + y + i) % 4);
                }
        var xHat = x.Select((v, o) => withAttention ? v + v * m[o] : v).ToArray();
        return withAttention
            ? new AttentionMaps(C, H, W, x, xHat, m, zc: [0.6f, 0.7f, 0.55f], zh: Enumerable.Range(0, C * H).Select(i => 0.5f + 0.01f * i).ToArray(),
                zw: Enumerable.Range(0, C * W).Select(i => 0.6f - 0.01f * i).ToArray())
            : new AttentionMaps(C, H, W, x, xHat);
    }

    [TestMethod]
    public void Compose_KnownArgmax_HottestPixelsOfXPanelExactlyOnArgmaxCell()
    {
        var image = AttentionPanels.Compose(Maps(), channel: 1, panelSize: Panel);
        var (left, top) = AttentionPanels.PanelOrigin(6, Panel, hasTitle: false);   // the X panel
        var hottest = HeatmapColormap.Map(1f);
        int cellW = Panel / W, cellH = Panel / H;
        for (int py = 0; py < Panel; py++)
            for (int px = 0; px < Panel; px++)
            {
                bool inArgmax = px / cellW == 3 && py / cellH == 1;
                Assert.AreEqual(inArgmax, image[left + px, top + py] == hottest, $"X panel pixel ({px}, {py})");
            }
    }

    [TestMethod]
    public void Panels_DifferenceAndViewMaps_FollowTheFigureDefinitions()
    {
        var maps = Maps();
        var panels = AttentionPanels.Panels(maps, channel: 2);
        CollectionAssert.AreEqual(new[] { "IMAGE", "Z_C (C=3)", "Z_H", "Z_W", "M MEAN", "M CH 2", "X", "A(X)", "X^", "D" }, panels.Select(p => p.Label).ToArray());

        // D = N(N(mean X̂) − N(mean X)), computed independently here.
        var meanX = Mean(maps.X, H * W);
        var meanXHat = Mean(maps.XHat, H * W);
        var diff = N(N(meanXHat).Zip(N(meanX), (a, b) => a - b).ToArray());
        var d = panels[9].Values!;
        for (int i = 0; i < diff.Length; i++) Assert.AreEqual(diff[i], d[i], 1e-5, $"D[{i}]");

        // z_h varies along rows only, z_w along columns only; z_c is the C-vector strip.
        var zh = panels[2].Values!;
        var zw = panels[3].Values!;
        for (int y = 0; y < H; y++)
            for (int x = 1; x < W; x++) Assert.AreEqual(zh[y * W], zh[y * W + x], $"z_h row {y}");
        for (int x = 0; x < W; x++)
            for (int y = 1; y < H; y++) Assert.AreEqual(zw[x], zw[y * W + x], $"z_w column {x}");
        Assert.IsTrue(panels[1].IsStrip);
        CollectionAssert.AreEqual(N([0.6f, 0.7f, 0.55f]), panels[1].Values);
        Assert.AreEqual(0.55, panels[1].Min, 1e-6);
        Assert.AreEqual(0.7, panels[1].Max, 1e-6);
        // M of channel 2 is that channel's plane, normalised.
        CollectionAssert.AreEqual(N(maps.M!.AsSpan(2 * H * W, H * W).ToArray()), panels[5].Values);
    }

    [TestMethod]
    public void Compose_NoAttentionModule_AttentionPanelsShowAbsentColour()
    {
        var image = AttentionPanels.Compose(Maps(withAttention: false), channel: 0, panelSize: Panel, title: "NO MODULE");
        foreach (int k in new[] { 1, 2, 3, 4, 5, 7 })
        {
            var (left, top) = AttentionPanels.PanelOrigin(k, Panel, hasTitle: true);
            Assert.AreEqual(AttentionPanels.AbsentColor, image[left + Panel / 2, top + Panel / 2], $"panel {k}");
        }
        var (xl, xt) = AttentionPanels.PanelOrigin(6, Panel, hasTitle: true);
        Assert.AreNotEqual(AttentionPanels.AbsentColor, image[xl + 1, xt + 1]);
    }

    [TestMethod]
    public void StrongestChannel_WeightsTimesMeanFeature_PicksLargestProduct()
    {
        var maps = Maps();
        // mean X̂ grows with k; a large weight on channel 0 still wins, a negative one never does.
        Assert.AreEqual(0, AttentionPanels.StrongestChannel(maps, [10f, 1f, 1f]));
        Assert.AreEqual(2, AttentionPanels.StrongestChannel(maps, [1f, 1f, 1f]));
        Assert.AreEqual(1, AttentionPanels.StrongestChannel(maps, [-5f, 0.5f, -1f]));
        Assert.ThrowsExactly<ArgumentException>(() => AttentionPanels.StrongestChannel(maps, [1f]));
    }

    [TestMethod]
    public void AttentionMaps_WrongLengthOrNaN_Throws()
    {
        Assert.ThrowsExactly<ArgumentException>(() => new AttentionMaps(2, 2, 2, new float[8], new float[7]));
        Assert.ThrowsExactly<ArgumentException>(() => new AttentionMaps(2, 2, 2, new float[8], new float[8], zc: new float[3]));
        var bad = new float[8];
        bad[5] = float.NaN;
        Assert.ThrowsExactly<ArgumentException>(() => new AttentionMaps(2, 2, 2, bad, new float[8]));
        Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => AttentionPanels.Compose(Maps(), channel: C));
    }

    private static float[] Mean(float[] chw, int plane)
    {
        var mean = new float[plane];
        for (int i = 0; i < plane; i++)
        {
            double s = 0;
            for (int k = 0; k < C; k++) s += chw[k * plane + i];
            mean[i] = (float)(s / C);
        }
        return mean;
    }

    private static float[] N(float[] v)
    {
        float min = v.Min(), max = v.Max();
        return v.Select(a => max > min ? (a - min) / (max - min) : 0f).ToArray();
    }
}
