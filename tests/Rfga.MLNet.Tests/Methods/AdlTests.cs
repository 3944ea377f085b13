using System;
using System.Linq;
using Microsoft.VisualStudio.TestTools.UnitTesting;
using Rfga.MLNet.Common;
using Rfga.MLNet.Network;
using TorchSharp;
using static Rfga.MLNet.Tests.Network.TestTensors;
using static TorchSharp.torch;

namespace Rfga.MLNet.Tests.Methods;

[TestClass]
public sealed class AdlTests
{
    /// <summary>
    /// Two images, two channels, 2×2. Channel means: image 0 [[1, 2], [3, 4]]; image 1 [[10, 0], [9, 8]].
    /// </summary>
    private static Tensor Features()
    {
        var a = new double[2, 2, 2, 2];
        double[,] mean0 = { { 1, 2 }, { 3, 4 } }, mean1 = { { 10, 0 }, { 9, 8 } };
        for (int y = 0; y < 2; y++)
            for (int x = 0; x < 2; x++)
            {
                (a[0, 0, y, x], a[0, 1, y, x]) = (mean0[y, x] - 1, mean0[y, x] + 1);
                (a[1, 0, y, x], a[1, 1, y, x]) = (2 * mean1[y, x], 0);
            }
        return FromArray(a);
    }

    [TestMethod]
    public void DropMask_HandMaps_ZeroAtOrAboveGammaTimesEachImagesMax()
    {
        using var x = Features();
        using var mask = Adl.DropMask(x, threshold: 0.9);
        CollectionAssert.AreEqual(new long[] { 2, 1, 2, 2 }, mask.shape);
        // Image 0: max 4, γ·max = 3.6 → only the 4 is dropped. Image 1: max 10, 9 → 10 and 9 are dropped (9 ≥ 9).
        CollectionAssert.AreEqual(new double[] { 1, 1, 1, 0, 0, 1, 0, 1 }, Values(mask));
    }

    [TestMethod]
    public void ImportanceMap_HandMaps_IsSigmoidOfChannelMean()
    {
        using var x = Features();
        using var map = Adl.ImportanceMap(x);
        double[] means = [1, 2, 3, 4, 10, 0, 9, 8];
        var expected = means.Select(m => 1 / (1 + Math.Exp(-m))).ToArray();
        var actual = Values(map);
        for (int i = 0; i < expected.Length; i++) Assert.AreEqual(expected[i], actual[i], 1e-6, $"position {i}");
    }

    [TestMethod]
    public void Apply_DropOrImportance_MultipliesEveryChannelBySelectedMap()
    {
        using var x = Features();
        using var dropped = Adl.Apply(x, useDropMask: true, threshold: 0.9);
        using var weighted = Adl.Apply(x, useDropMask: false, threshold: 0.9);
        using var expectDrop = x * Adl.DropMask(x, 0.9);
        using var expectImportance = x * Adl.ImportanceMap(x);
        Assert.IsTrue(dropped.eq(expectDrop).all().item<bool>());
        Assert.IsTrue(weighted.allclose(expectImportance));
        Assert.AreEqual(0.0, Values(dropped)[3], "image 0, channel 0, pixel (1, 1) is dropped");
    }

    [TestMethod]
    public void PositionsFor_EachBackbone_AreTheDocumentedBlocks()
    {
        using var r50 = ResNetBackbone.ResNet50();
        using var r18 = ResNetBackbone.ResNet18();
        using var tiny = new TinyBackbone();
        CollectionAssert.AreEqual(new[] { "layer3.0", "layer4.0", "layer4.2" }, Adl.PositionsFor(r50).ToArray());
        CollectionAssert.AreEqual(new[] { "layer3.0", "layer4.0", "layer4.1" }, Adl.PositionsFor(r18).ToArray());
        CollectionAssert.AreEqual(new[] { "features.relu3", "features.relu4" }, Adl.PositionsFor(tiny).ToArray());
    }

    [TestMethod]
    public void Forward_TrainingWithPreparedDraws_EqualsManualForwardWithThoseMaps()
    {
        set_num_threads(2);
        random.manual_seed(3);
        var options = new AdlOptions { DropRate = 0.5, Threshold = 0.8 };
        using var network = new WsolNetwork(new WsolNetworkSpec(3, Method: WsolMethod.Adl, Adl: options));
        var adl = (Adl)network.Method;
        network.train();
        using var images = randn(2, 3, 16, 16);
        using var labels = tensor(new long[] { 0, 2 });
        var stream = new SplitMix64(21);
        var copy = stream;
        bool[] decisions = [copy.NextDouble() < 0.5, copy.NextDouble() < 0.5];
        adl.PrepareBatch(images, labels, ref stream);
        using var features = network.Backbone.call(images);

        // The same backbone run layer by layer without hooks, applying ADL by hand after layers 3 and 4.
        using var scope = NewDisposeScope();
        var y = images;
        var layers = network.Backbone.named_modules().Where(m => m.name.StartsWith("features.", StringComparison.Ordinal)).ToList();
        Assert.AreEqual(12, layers.Count);
        foreach (var (name, module) in layers)
        {
            y = ((nn.Module<Tensor, Tensor>)module).forward(y);
            if (name == "features.relu3") y = Adl.Apply(y, decisions[0], 0.8);
            if (name == "features.relu4") y = Adl.Apply(y, decisions[1], 0.8);
        }
        Assert.IsTrue(features.allclose(y, rtol: 1e-5, atol: 1e-6), "hooked forward = manual forward with the drawn maps");
    }

    [TestMethod]
    public void Forward_Evaluation_IsIdentityAndStateDictKeysAreUnchanged()
    {
        random.manual_seed(4);
        using var plain = new WsolNetwork(new WsolNetworkSpec(3));
        using var adl = new WsolNetwork(new WsolNetworkSpec(3, Method: WsolMethod.Adl));
        CollectionAssert.AreEqual(plain.state_dict().Keys.ToArray(), adl.state_dict().Keys.ToArray());
        adl.load_state_dict(plain.state_dict());
        plain.eval();
        adl.eval();
        using var images = randn(2, 3, 16, 16);
        using var a = plain.forward(images);
        using var b = adl.forward(images);
        Assert.IsTrue(a.ClassMaps.eq(b.ClassMaps).all().item<bool>());
    }
}
