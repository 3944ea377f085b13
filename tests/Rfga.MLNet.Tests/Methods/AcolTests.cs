using System;
using System.Linq;
using Microsoft.VisualStudio.TestTools.UnitTesting;
using Rfga.MLNet.Network;
using TorchSharp;
using static Rfga.MLNet.Tests.Network.TestTensors;
using static TorchSharp.torch;

namespace Rfga.MLNet.Tests.Methods;

[TestClass]
public sealed class AcolTests
{
    [TestMethod]
    public void KeepMask_HandMap_ErasesWhereNormalisedMapOfGuidingClassIsAtLeastThreshold()
    {
        // Image 0, class 1: [[0, 3], [6, 8]] → normalised [[0, .375], [.75, 1]]; at 0.75 the bottom row is erased
        // (0.75 ≥ 0.75; every value is exact in binary). Class 0 of image 0 is a decoy that must not be used.
        // Image 1, class 0: [[2, 4], [4, 2]] → [[0, 1], [1, 0]].
        var maps = new double[2, 2, 2, 2];
        (maps[0, 1, 0, 0], maps[0, 1, 0, 1], maps[0, 1, 1, 0], maps[0, 1, 1, 1]) = (0, 3, 6, 8);
        (maps[0, 0, 0, 0], maps[0, 0, 0, 1], maps[0, 0, 1, 0], maps[0, 0, 1, 1]) = (9, 0, 0, 0);
        (maps[1, 0, 0, 0], maps[1, 0, 0, 1], maps[1, 0, 1, 0], maps[1, 0, 1, 1]) = (2, 4, 4, 2);
        using var s = FromArray(maps);
        using var classes = tensor(new long[] { 1, 0 });
        using var keep = Acol.KeepMask(s, classes, threshold: 0.75);
        CollectionAssert.AreEqual(new long[] { 2, 1, 2, 2 }, keep.shape);
        CollectionAssert.AreEqual(new double[] { 1, 1, 0, 0, 1, 0, 0, 1 }, Values(keep));
    }

    [TestMethod]
    public void KeepMask_ConstantMap_ErasesNothing()
    {
        using var s = full(1, 3, 4, 4, 2.5f);
        using var classes = tensor(new long[] { 2 });
        using var keep = Acol.KeepMask(s, classes, threshold: 0.0);
        Assert.IsTrue(Values(keep).All(v => v == 1));
    }

    [TestMethod]
    public void NormalizeEachMap_HandMaps_MinMaxPerImageAndClass()
    {
        var maps = new double[1, 2, 1, 3];
        (maps[0, 0, 0, 0], maps[0, 0, 0, 1], maps[0, 0, 0, 2]) = (-2, 0, 2);
        (maps[0, 1, 0, 0], maps[0, 1, 0, 1], maps[0, 1, 0, 2]) = (5, 5, 5);
        using var s = FromArray(maps);
        using var n = Acol.NormalizeEachMap(s);
        CollectionAssert.AreEqual(new double[] { 0, 0.5, 1, 0, 0, 0 }, Values(n));
    }

    [TestMethod]
    public void Head_TrainingAndEvaluation_FollowTheTwoBranchDefinition()
    {
        set_num_threads(2);
        random.manual_seed(8);
        using var network = new WsolNetwork(new WsolNetworkSpec(3, Attention: AttentionKind.None, Method: WsolMethod.Acol, Acol: new AcolOptions { ErasingThreshold = 0.6 }));
        var keys = network.state_dict().Keys.ToList();
        CollectionAssert.Contains(keys, "head.classifier_A.0.weight");
        CollectionAssert.Contains(keys, "head.classifier_B.4.bias");
        Assert.IsFalse(keys.Any(k => k.StartsWith("classifier.", StringComparison.Ordinal)), "no 1×1 classifier");
        // Head width C/2 = 64 on the tiny CNN's 128 channels: (128·64·9 + 64) + (64·64·9 + 64) + (64·3 + 3) per branch.
        long perBranch = 128 * 64 * 9 + 64 + 64 * 64 * 9 + 64 + 64 * 3 + 3;
        long head = network.parameters().Sum(p => p.numel()) - network.Backbone.parameters().Sum(p => p.numel());
        Assert.AreEqual(2 * perBranch, head);

        using var images = randn(2, 3, 16, 16);
        using var labels = tensor(new long[] { 2, 0 });
        using var scope = NewDisposeScope();
        var modules = network.named_modules().ToDictionary(m => m.name, m => m.module);
        var a = (nn.Module<Tensor, Tensor>)modules["head.classifier_A"];
        var b = (nn.Module<Tensor, Tensor>)modules["head.classifier_B"];
        network.eval();                                        // fixed BatchNorm statistics: both passes see the same features
        // The backbone sees the images as the network's forward hands them over (channels-last on the CPU), so both
        // paths round alike: erasing thresholds the normalised maps, where rounding differences could flip a pixel.
        var features = network.Backbone.call(MemoryLayout.ForBackbone(images, network.InputLayout));
        var mapsA = a.call(features);
        var erasedByLabel = features * Acol.KeepMask(mapsA, labels, 0.6);
        var erasedByPrediction = features * Acol.KeepMask(mapsA, mapsA.mean([2, 3]).argmax(1), 0.6);

        network.train();
        foreach (var m in network.modules().OfType<WsolBatchNorm>()) m.eval();
        using (var output = network.ForwardWithLabels(images, labels))
        {
            Assert.IsTrue(output.Logits.allclose(mapsA.mean([2, 3]), rtol: 1e-5, atol: 1e-6), "training logits are A's");
            Assert.IsTrue(output.ClassMaps.allclose(mapsA, rtol: 1e-5, atol: 1e-6), "training maps are A's");
            Assert.IsTrue(output.AuxiliaryLogits!.allclose(b.call(erasedByLabel).mean([2, 3]), rtol: 1e-5, atol: 1e-6), "B sees features erased by the label's map");
            using var loss = network.Method.Loss(output, new MethodBatch(images, labels));
            using var expected = nn.functional.cross_entropy(output.Logits, labels) + nn.functional.cross_entropy(output.AuxiliaryLogits!, labels);
            Assert.AreEqual(expected.item<float>(), loss.item<float>(), 1e-6);
        }

        network.eval();
        using (var output = network.forward(images))
        {
            var cam = Acol.NormalizeEachMap(mapsA).maximum(Acol.NormalizeEachMap(b.call(erasedByPrediction)));
            Assert.IsTrue(output.Logits.allclose(mapsA.mean([2, 3]), rtol: 1e-5, atol: 1e-6), "test logits are A's");
            Assert.IsTrue(output.ClassMaps.allclose(cam, rtol: 1e-5, atol: 1e-6), "test maps = max of normalised A and B (erased by A's top-1)");
            Assert.IsNull(output.AuxiliaryLogits);
        }
    }

    [TestMethod]
    public void Classifier_AcolNetwork_ThrowsNamingTheMethod()
    {
        using var network = new WsolNetwork(new WsolNetworkSpec(2, Method: WsolMethod.Acol));
        var e = Assert.ThrowsExactly<InvalidOperationException>(() => network.Classifier);
        StringAssert.Contains(e.Message, "Acol");
    }

    [TestMethod]
    public void HeadWidthFor_Default_IsHalfTheChannels()
    {
        Assert.AreEqual(1024L, new AcolOptions().HeadWidthFor(2048));
        Assert.AreEqual(256L, new AcolOptions().HeadWidthFor(512));
        Assert.AreEqual(32L, new AcolOptions { HeadWidth = 32 }.HeadWidthFor(2048));
    }
}
