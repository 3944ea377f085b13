using System;
using System.IO;
using System.Linq;
using Microsoft.VisualStudio.TestTools.UnitTesting;
using Rfga.MLNet.Network;
using TorchSharp;
using static Rfga.MLNet.Tests.Network.TestTensors;
using static TorchSharp.torch;

namespace Rfga.MLNet.Tests.Network;

[TestClass]
public sealed class WsolNetworkTests
{
    private const int K = 5;

    /// <summary>PAPER.md §2.2 shapes and §2.3 counts at the paper's configuration, in one eval forward of batch 1.</summary>
    [TestMethod]
    public void Trace_ResNet50Rfga448_HasPaperShapesAndParameterCount()
    {
        set_num_threads(2);
        random.manual_seed(41);
        const int Cub = 200;
        using var network = new WsolNetwork(new WsolNetworkSpec(Cub, BackboneKind.ResNet50, AttentionKind.RfgaResidual));
        Assert.AreEqual(23_929_929L, ParameterCount(network));                                 // CUB, K = 200
        Assert.AreEqual(23_508_032L, ParameterCount(network.Backbone));
        Assert.AreEqual(12_297L, ParameterCount(network.Attention!));
        long trunk = 23_508_032L + 12_297L;
        Assert.AreEqual(23_725_129L, trunk + 2048L * 100);                                     // Aircraft, K = 100
        Assert.AreEqual(23_766_089L, trunk + 2048L * 120);                                     // Dogs, K = 120
        Assert.AreEqual(16, network.Stride);

        network.eval();
        using var images = randn(1, 3, 448, 448);
        using var trace = network.Trace(images);
        var a = trace.Attention;
        CollectionAssert.AreEqual(new long[] { 1, 2048, 28, 28 }, a.X.shape, "X");
        CollectionAssert.AreEqual(new long[] { 1, 2048, 1, 1 }, a.Zc!.shape, "z_c");
        CollectionAssert.AreEqual(new long[] { 1, 2048, 28, 1 }, a.Zh!.shape, "z_h");
        CollectionAssert.AreEqual(new long[] { 1, 2048, 1, 28 }, a.Zw!.shape, "z_w");
        CollectionAssert.AreEqual(new long[] { 1, 2048, 28, 28 }, a.M!.shape, "M");
        CollectionAssert.AreEqual(new long[] { 1, 2048, 28, 28 }, a.XHat.shape, "X̂");
        CollectionAssert.AreEqual(new long[] { 1, Cub, 28, 28 }, trace.Output.ClassMaps.shape, "S");
        CollectionAssert.AreEqual(new long[] { 1, Cub }, trace.Output.Logits.shape, "logits");
        using var classes = tensor(new long[] { 7 });
        using var cam = ClassActivationMaps.Normalized(trace.Output.ClassMaps, classes, 448, 448);
        CollectionAssert.AreEqual(new long[] { 1, 448, 448 }, cam.shape, "CAM");
    }

    [TestMethod]
    [DataRow(AttentionKind.None, 0L)]
    [DataRow(AttentionKind.RfgaResidual, 3 * 3 + 6 * 128L)]        // 3k + 6C
    [DataRow(AttentionKind.RfgaNonResidual, 3 * 3 + 6 * 128L)]
    [DataRow(AttentionKind.Se, 2 * 128 * 8 + 8 + 128L)]           // 2C·C/r + C/r + C
    [DataRow(AttentionKind.Cbam, 2 * 128 * 8 + 8 + 128 + 98 + 2L)] // SE's MLP + 7×7×2 conv + BN γ, β
    [DataRow(AttentionKind.Eca, 3L)]                               // k
    public void Forward_EachAttentionKind_ShapesLogitsAndParameterCounts(AttentionKind kind, long attentionParameters)
    {
        random.manual_seed(42);
        using var network = new WsolNetwork(new WsolNetworkSpec(K, BackboneKind.Tiny, kind));
        Assert.AreEqual(attentionParameters, network.Attention is null ? 0 : ParameterCount(network.Attention));
        Assert.AreEqual(241_184L + attentionParameters + 128L * K, ParameterCount(network));
        Assert.AreEqual(kind == AttentionKind.None, network.Attention is null);

        network.train();
        using var images = randn(2, 3, 32, 24);
        using var output = network.forward(images);
        CollectionAssert.AreEqual(new long[] { 2, K, 8, 6 }, output.ClassMaps.shape);
        CollectionAssert.AreEqual(new long[] { 2, K }, output.Logits.shape);
        using var gap = output.ClassMaps.mean([2, 3]);
        Assert.IsTrue(output.Logits.allclose(gap, rtol: 1e-6, atol: 1e-7), "logits = GAP(S)");
        using (var loss = output.Logits.sum()) loss.backward();
        Assert.IsTrue(network.parameters().All(p => p.grad is not null), "every parameter takes part in the forward");
    }

    [TestMethod]
    [DataRow(AttentionKind.None)]
    [DataRow(AttentionKind.RfgaResidual)]
    [DataRow(AttentionKind.RfgaNonResidual)]
    [DataRow(AttentionKind.Se)]
    [DataRow(AttentionKind.Cbam)]
    [DataRow(AttentionKind.Eca)]
    public void Trace_EvalMode_EqualsForwardAndCamIsClassifierWeightedSumOfXHat(AttentionKind kind)
    {
        random.manual_seed(43);
        using var network = new WsolNetwork(new WsolNetworkSpec(K, BackboneKind.Tiny, kind));
        network.eval();
        using var images = randn(2, 3, 16, 20);
        using var output = network.forward(images);
        using var trace = network.Trace(images);
        Assert.IsTrue(trace.Output.ClassMaps.allclose(output.ClassMaps, rtol: 1e-5, atol: 1e-6));
        Assert.IsTrue(trace.Output.Logits.allclose(output.Logits, rtol: 1e-5, atol: 1e-6));
        if (kind == AttentionKind.None)
        {
            Assert.IsTrue(trace.Attention.XHat.allclose(trace.Attention.X, rtol: 0, atol: 0), "no module: X̂ = X");
            Assert.IsNull(trace.Attention.M);
        }

        // CAM of class y = Σ_k w_{y,k} · X̂_k (PAPER.md §3).
        using var classes = tensor(new long[] { 3, 0 });
        using var cam = output.ClassActivationMap(classes);
        using var weights = network.Classifier.weight!.detach().view(K, -1);                  // [K, C]
        for (int b = 0; b < 2; b++)
        {
            long y = classes[b].item<long>();
            using var w = weights[y].view(1, -1, 1, 1);
            using var expected = (trace.Attention.XHat[b].unsqueeze(0) * w).sum(1).squeeze(0);
            Assert.IsTrue(cam[b].allclose(expected, rtol: 1e-5, atol: 1e-5), $"CAM of row {b}");
        }
    }

    [TestMethod]
    [DataRow(AttentionKind.None)]
    [DataRow(AttentionKind.RfgaResidual)]
    [DataRow(AttentionKind.Se)]
    [DataRow(AttentionKind.Cbam)]
    [DataRow(AttentionKind.Eca)]
    public void ForwardBackwardAndTrace_Repeated_KeepLiveTensorCountFlat(AttentionKind kind)
    {
        // On the CPU every forward also makes a channels-last copy of the images (InputMemoryLayout.Auto): it must
        // neither leak nor touch the caller's tensor.
        random.manual_seed(47);
        using var network = new WsolNetwork(new WsolNetworkSpec(K, BackboneKind.Tiny, kind));
        using var images = randn(2, 3, 16, 16);
        using var copy = images.clone();
        long[] strides = images.stride();
        void Step()
        {
            using var scope = NewDisposeScope();
            network.train();
            var output = network.forward(images);
            output.Logits.sum().backward();
            network.eval();
            using var trace = network.Trace(images);
        }
        Step();   // the first backward allocates the gradients
        long before = DisposeScopeManager.Statistics.ThreadTotalLiveCount;
        for (int i = 0; i < 4; i++) Step();
        Assert.AreEqual(before, DisposeScopeManager.Statistics.ThreadTotalLiveCount);
        Assert.IsFalse(images.IsInvalid, "the caller's input is not disposed");
        CollectionAssert.AreEqual(strides, images.stride(), "nor restrided");
        Assert.IsTrue(images.allclose(copy, rtol: 0, atol: 0), "nor changed");
    }

    [TestMethod]
    public void Forward_TrainingBatchOfOneWithRfga_ThrowsNamingSingleSampleOption()
    {
        using var network = new WsolNetwork(new WsolNetworkSpec(K));
        network.train();
        using var images = randn(1, 3, 16, 16);
        var e = Assert.ThrowsExactly<InvalidOperationException>(() => network.forward(images));
        StringAssert.Contains(e.Message, "WsolNetworkSpec.SingleSample");
        StringAssert.Contains(e.Message, "batch of 1");
    }

    [TestMethod]
    public void Forward_TrainingBatchOfOneWithRunningStatsPolicy_KeepsEveryBufferFinite()
    {
        using var network = new WsolNetwork(new WsolNetworkSpec(K, SingleSample: SingleSampleBatchNorm.UseRunningStats));
        network.train();
        using var images = randn(1, 3, 16, 16);
        using (var output = network.forward(images))
            Assert.IsFalse(output.Logits.isnan().any().item<bool>());
        foreach (var (name, buffer) in network.named_buffers())
            Assert.IsFalse(buffer.isnan().any().item<bool>(), name);
    }

    [TestMethod]
    [DataRow(AttentionKind.None)]
    [DataRow(AttentionKind.Se)]
    [DataRow(AttentionKind.Cbam)]
    public void Forward_TrainingBatchOfOneWithOneByOneMap_ThrowsNamingBatchNormBeforeRunningStatsChange(AttentionKind kind)
    {
        using var network = new WsolNetwork(new WsolNetworkSpec(K, BackboneKind.Tiny, kind));
        network.train();
        // Tiny backbone: 4×4 → 2×2 → 2×2 → 1×1: bn3 sees one value per channel.
        using var images = randn(1, 3, 4, 4);
        var e = Assert.ThrowsExactly<InvalidOperationException>(() => network.forward(images));
        StringAssert.Contains(e.Message, "backbone.features.bn3");
        StringAssert.Contains(e.Message, "TrainingSettings.BatchSize");
        foreach (var (name, buffer) in network.named_buffers())
            Assert.IsFalse(buffer.isnan().any().item<bool>(), name);
    }

    [TestMethod]
    [DataRow(AttentionKind.None)]
    [DataRow(AttentionKind.Se)]
    [DataRow(AttentionKind.Eca)]
    public void Forward_TrainingBatchOfOneWithoutRfga_WorksAsInPyTorch(AttentionKind kind)
    {
        using var network = new WsolNetwork(new WsolNetworkSpec(K, BackboneKind.Tiny, kind));
        network.train();
        using var images = randn(1, 3, 16, 16);
        using var output = network.forward(images);
        foreach (var (name, buffer) in network.named_buffers())
            Assert.IsFalse(buffer.isnan().any().item<bool>(), name);
    }

    [TestMethod]
    public void Constructor_SpecOptions_ReachTheModules()
    {
        using (var spatial = new WsolNetwork(new WsolNetworkSpec(K, Views: RfgaViews.Height | RfgaViews.Width,
                   HwConvAxis: HwConvAxis.Spatial, SpatialMixing: SpatialMixing.Depthwise, KernelSize: 5)))
        {
            var rfga = (RfgaModule)spatial.Attention!;
            Assert.AreEqual(HwConvAxis.Spatial, rfga.HwConvAxis);
            Assert.AreEqual(SpatialMixing.Depthwise, rfga.SpatialMixing);
            Assert.AreEqual(RfgaViews.Height | RfgaViews.Width, rfga.Views);
            Assert.AreEqual(5, rfga.KernelSize);
            Assert.AreEqual(2 * (128 * 5 + 2 * 128L), ParameterCount(rfga));
        }
        using (var adaptive = new WsolNetwork(new WsolNetworkSpec(K, Attention: AttentionKind.Eca, KernelSizeRule: KernelSizeRule.EcaAdaptive)))
        {
            Assert.AreEqual(5, ((EcaModule)adaptive.Attention!).KernelSize, "ECA's rule for C = 128");
        }
        using (var rfgaAdaptive = new WsolNetwork(new WsolNetworkSpec(K, KernelSizeRule: KernelSizeRule.EcaAdaptive)))
        {
            Assert.AreEqual(5, ((RfgaModule)rfgaAdaptive.Attention!).KernelSize);
        }
        using (var plain = new WsolNetwork(new WsolNetworkSpec(K, Attention: AttentionKind.RfgaNonResidual)))
        {
            Assert.IsFalse(((RfgaModule)plain.Attention!).Residual);
        }
    }

    [TestMethod]
    public void StateDict_ResNet18Se_KeysArePrefixedTorchVisionNames()
    {
        random.manual_seed(44);
        using var network = new WsolNetwork(new WsolNetworkSpec(K, BackboneKind.ResNet18, AttentionKind.Se));
        var keys = network.state_dict().Keys.ToList();
        CollectionAssert.Contains(keys, "backbone.conv1.weight");
        CollectionAssert.Contains(keys, "backbone.layer4.0.downsample.0.weight");
        CollectionAssert.Contains(keys, "backbone.layer4.1.bn2.running_var");
        CollectionAssert.Contains(keys, "attention.fc1.weight");
        CollectionAssert.Contains(keys, "classifier.weight");
        Assert.IsFalse(keys.Any(k => k.StartsWith("backbone.fc", StringComparison.Ordinal)), "the trunk has no fc");
        Assert.AreEqual(512, network.Backbone.OutChannels);
    }

    [TestMethod]
    public void SaveLoad_SameSpec_GivesIdenticalOutputs()
    {
        var spec = new WsolNetworkSpec(K, BackboneKind.Tiny, AttentionKind.Cbam);
        random.manual_seed(45);
        using var first = new WsolNetwork(spec);
        random.manual_seed(46);
        using var second = new WsolNetwork(spec);
        using var stream = new MemoryStream();
        first.save(new BinaryWriter(stream));
        stream.Position = 0;
        second.load(new BinaryReader(stream), strict: true);
        first.eval();
        second.eval();
        using var images = randn(2, 3, 16, 16);
        using var a = first.forward(images);
        using var b = second.forward(images);
        Assert.IsTrue(a.ClassMaps.allclose(b.ClassMaps, rtol: 0, atol: 0));
    }

    [TestMethod]
    public void Validate_NewFieldsOutOfRange_ThrowNamingField()
    {
        Assert.AreEqual("HwConvAxis", Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => new WsolNetworkSpec(K, HwConvAxis: (HwConvAxis)9).Validate()).ParamName);
        Assert.AreEqual("SpatialMixing", Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => new WsolNetworkSpec(K, SpatialMixing: (SpatialMixing)9).Validate()).ParamName);
        Assert.AreEqual("SingleSample", Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => new WsolNetworkSpec(K, SingleSample: (SingleSampleBatchNorm)9).Validate()).ParamName);
        Assert.AreEqual("KernelSizeRule", Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => new WsolNetworkSpec(K, KernelSizeRule: (KernelSizeRule)9).Validate()).ParamName);
        Assert.AreEqual("Attention", Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => new WsolNetworkSpec(K, Attention: (AttentionKind)9).Validate()).ParamName);
    }

    [TestMethod]
    public void OfClass_ClassPerRow_PicksThatMap()
    {
        using var maps = arange(2 * 3 * 2 * 2, ScalarType.Float32).view(2, 3, 2, 2);
        using var classes = tensor(new long[] { 2, 1 });
        using var cam = ClassActivationMaps.OfClass(maps, classes);
        CollectionAssert.AreEqual(new long[] { 2, 2, 2 }, cam.shape);
        Assert.IsTrue(cam[0].allclose(maps[0, 2], rtol: 0, atol: 0));
        Assert.IsTrue(cam[1].allclose(maps[1, 1], rtol: 0, atol: 0));
    }
}
