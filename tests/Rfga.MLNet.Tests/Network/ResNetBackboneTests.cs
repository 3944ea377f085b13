using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using Microsoft.VisualStudio.TestTools.UnitTesting;
using Rfga.MLNet.Network;
using Rfga.MLNet.Tests.Support;
using TorchSharp;
using TorchSharp.Modules;
using static Rfga.MLNet.Tests.Network.TestTensors;
using static TorchSharp.torch;

namespace Rfga.MLNet.Tests.Network;

/// <summary>The ResNet trunks against torchvision (TorchSharp's TorchVision port) and closed-form sizes.</summary>
[TestClass]
public sealed class ResNetBackboneTests
{
    private static readonly string[] FcKeys = ["fc.weight", "fc.bias"];

    [TestMethod]
    [DataRow(BackboneKind.ResNet50, 23_508_032L)]     // torchvision resnet50 25,557,032 − fc (2048·1000 + 1000)
    [DataRow(BackboneKind.ResNet18, 11_176_512L)]     // torchvision resnet18 11,689,512 − fc (512·1000 + 1000)
    [DataRow(BackboneKind.ResNet18Cntk, 15_897_152L)] // ResNet-18 + one BasicBlock(512): 2·9·512² + 4·512
    public void Parameters_EachLayout_MatchClosedForm(BackboneKind kind, long expected)
    {
        using var backbone = NetworkFactory.CreateBackbone(kind);
        var resnet = (ResNetBackbone)backbone;
        Assert.AreEqual(expected, ClosedFormParameters(resnet.Block, resnet.Layers));
        Assert.AreEqual(expected, ParameterCount(backbone));
    }

    [TestMethod]
    public void Parameters_TinyBackbone_MatchClosedForm()
    {
        using var tiny = new TinyBackbone();
        long expected = 0, inChannels = 3;
        foreach (long width in TinyBackbone.Widths)
        {
            expected += 9 * inChannels * width + 2 * width;   // 3×3 conv without bias, BN γ and β
            inChannels = width;
        }
        Assert.AreEqual(241_184L, expected);
        Assert.AreEqual(expected, ParameterCount(tiny));
    }

    [TestMethod]
    [DataRow(false)]
    [DataRow(true)]
    public void StateDict_TorchVisionResNet_SameKeysAndShapesWithoutFc(bool resNet50)
    {
        random.manual_seed(31);
        using var reference = resNet50 ? torchvision.models.resnet50() : torchvision.models.resnet18();
        using var ours = resNet50 ? ResNetBackbone.ResNet50() : ResNetBackbone.ResNet18();
        var expected = reference.state_dict().Where(kv => !FcKeys.Contains(kv.Key)).ToDictionary(kv => kv.Key, kv => kv.Value.shape);
        var actual = ours.state_dict().ToDictionary(kv => kv.Key, kv => kv.Value.shape);
        CollectionAssert.AreEquivalent(expected.Keys.ToList(), actual.Keys.ToList());
        foreach (var (key, shape) in expected) CollectionAssert.AreEqual(shape, actual[key], key);
    }

    [TestMethod]
    public void StateDict_CntkResNet18_IsResNet18PlusThirdLayer4BlockAndMatchesNameTable()
    {
        random.manual_seed(32);
        using var reference = torchvision.models.resnet18();
        using var ours = ResNetBackbone.ResNet18Cntk();
        var expected = reference.state_dict().Keys.Where(k => !FcKeys.Contains(k)).ToList();
        foreach (var module in new[] { "conv1", "bn1", "conv2", "bn2" })
        {
            var suffixes = module.StartsWith("conv", StringComparison.Ordinal)
                ? new[] { "weight" }
                : new[] { "weight", "bias", "running_mean", "running_var", "num_batches_tracked" };
            expected.AddRange(suffixes.Select(s => $"layer4.2.{module}.{s}"));
        }
        var state = ours.state_dict();
        CollectionAssert.AreEquivalent(expected, state.Keys.ToList());
        // notes/pretrained.md: 22 convolutions (3 of them 1×1 projections), 22 BatchNorms, 110 weights.
        Assert.AreEqual(22, state.Count(kv => kv.Value.dim() == 4));
        Assert.AreEqual(3, state.Count(kv => kv.Value.dim() == 4 && kv.Value.shape[2] == 1));
        Assert.AreEqual(22, state.Count(kv => kv.Key.EndsWith("running_var", StringComparison.Ordinal)));
        Assert.AreEqual(110, state.Count(kv => !kv.Key.EndsWith("num_batches_tracked", StringComparison.Ordinal)));
    }

    [TestMethod]
    [DataRow(false)]
    [DataRow(true)]
    public void Load_TorchVisionStateDictStrict_GivesIdenticalFeaturesAtStride2And1(bool resNet50)
    {
        random.manual_seed(33);
        using var reference = resNet50 ? torchvision.models.resnet50() : torchvision.models.resnet18();
        // Non-trivial BN affine parameters and statistics, so that loading them matters (convolutions keep their
        // Kaiming initialisation, so activations stay finite through 50 layers).
        BatchNorms.Perturb(reference, new Random(33));
        reference.eval();
        using var file = new MemoryStream();
        reference.save(new BinaryWriter(file));
        using var x = randn(2, 3, 64, 64);

        // Stock layout: layer4 at stride 2.
        using (var stock = resNet50 ? ResNetBackbone.ResNet50(layer4Stride: 2) : ResNetBackbone.ResNet18(layer4Stride: 2))
            CompareAfterLoading(reference, stock, file, x, expectedSide: 2);

        // WSOL layout: set torchvision's layer4.0 strided convolutions to stride 1 (notes/mlnet-extension.md §8).
        string strided = resNet50 ? "layer4.0.conv2" : "layer4.0.conv1";
        foreach (var (name, module) in reference.named_modules())
            if (name == strided || name == "layer4.0.downsample.0") ((Conv2d)module).stride = [1, 1];
        using var wsol = resNet50 ? ResNetBackbone.ResNet50() : ResNetBackbone.ResNet18();
        CompareAfterLoading(reference, wsol, file, x, expectedSide: 4);
    }

    [TestMethod]
    public void Forward_ResNet18_HasStride16WithLayer4Stride1And32Without()
    {
        random.manual_seed(34);
        using var wsol = ResNetBackbone.ResNet18();
        using var stock = ResNetBackbone.ResNet18(layer4Stride: 2);
        wsol.eval();
        stock.eval();
        using var x = randn(1, 3, 96, 64);
        using var a = wsol.forward(x);
        using var b = stock.forward(x);
        Assert.AreEqual(16, wsol.Stride);
        Assert.AreEqual(32, stock.Stride);
        CollectionAssert.AreEqual(new long[] { 1, 512, 6, 4 }, a.shape);
        CollectionAssert.AreEqual(new long[] { 1, 512, 3, 2 }, b.shape);
        Assert.IsGreaterThanOrEqualTo(0f, a.min().item<float>(), "features come after a ReLU");
    }

    [TestMethod]
    public void Constructor_FreshResNet_InitialisedAsTorchVision()
    {
        random.manual_seed(35);
        using var backbone = ResNetBackbone.ResNet18();
        var state = backbone.state_dict();
        // Kaiming normal, fan_out, ReLU gain: std = √(2 / (out · kh · kw)).
        foreach (var key in new[] { "conv1.weight", "layer3.0.conv1.weight", "layer4.1.conv2.weight" })
        {
            var w = state[key];
            double expected = Math.Sqrt(2.0 / (w.shape[0] * w.shape[2] * w.shape[3]));
            double actual = w.std().item<float>();
            Assert.AreEqual(expected, actual, 0.05 * expected, key);
            Assert.AreEqual(0, w.mean().item<float>(), 0.05 * expected, key);
        }
        foreach (var (key, value) in state.Where(kv => kv.Key.Contains("bn") || kv.Key.Contains("downsample.1")))
        {
            if (key.EndsWith(".weight", StringComparison.Ordinal)) Assert.IsTrue(value.eq(1).all().item<bool>(), key);
            if (key.EndsWith(".bias", StringComparison.Ordinal)) Assert.IsTrue(value.eq(0).all().item<bool>(), key);
        }
    }

    [TestMethod]
    public void Constructor_BadArguments_ThrowNamingParameter()
    {
        Assert.AreEqual("layers", Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => new ResNetBackbone(ResNetBlockKind.Basic, [2, 2, 2])).ParamName);
        Assert.AreEqual("layers", Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => new ResNetBackbone(ResNetBlockKind.Basic, [2, 0, 2, 2])).ParamName);
        Assert.AreEqual("layer4Stride", Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => ResNetBackbone.ResNet18(layer4Stride: 3)).ParamName);
        Assert.AreEqual("block", Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => new ResNetBackbone((ResNetBlockKind)7, [1, 1, 1, 1])).ParamName);
    }

    private static void CompareAfterLoading(TorchSharp.Modules.ResNet reference, ResNetBackbone ours, MemoryStream file, Tensor x, long expectedSide)
    {
        // TorchSharp 0.107's load(strict: true) compares entry counts before applying skip, so a file with fc.* cannot
        // be read strictly into a trunk: read it non-strictly and check that every key of ours was loaded ...
        file.Position = 0;
        var loaded = new Dictionary<string, bool>();
        ours.load(new BinaryReader(file), strict: false, skip: FcKeys, loadedParameters: loaded);
        foreach (var key in ours.state_dict().Keys) Assert.IsTrue(loaded.GetValueOrDefault(key), $"{key} not loaded");
        // ... and load the same weights strictly from the in-memory state dict without fc.
        var source = reference.state_dict().Where(kv => !FcKeys.Contains(kv.Key)).ToDictionary(kv => kv.Key, kv => kv.Value);
        var (missing, unexpected) = ours.load_state_dict(source, strict: true);
        Assert.IsEmpty(missing, "missing keys: " + string.Join(", ", missing));
        Assert.IsEmpty(unexpected, "unexpected keys: " + string.Join(", ", unexpected));
        ours.eval();
        using var expected = TorchVisionReference.Trunk(reference, x);
        using var actual = ours.forward(x);
        CollectionAssert.AreEqual(new long[] { x.shape[0], ours.OutChannels, expectedSide, expectedSide }, actual.shape);
        CollectionAssert.AreEqual(expected.shape, actual.shape);
        double scale = expected.abs().max().item<float>();
        double diff = (expected - actual).abs().max().item<float>();
        Assert.IsLessThanOrEqualTo(1e-6 * scale, diff, $"max |torchvision − ours| = {diff} (scale {scale})");
    }


    /// <summary>torchvision's ResNet parameter count without fc, from the layer plan alone.</summary>
    private static long ClosedFormParameters(ResNetBlockKind block, IReadOnlyList<int> layers)
    {
        long total = 3 * 64 * 7 * 7 + 2 * 64, inPlanes = 64;
        long[] planes = [64, 128, 256, 512];
        long expansion = block == ResNetBlockKind.Basic ? 1 : 4;
        for (int s = 0; s < 4; s++)
        {
            long p = planes[s];
            for (int i = 0; i < layers[s]; i++)
            {
                bool projection = i == 0 && (s > 0 || inPlanes != p * expansion);
                total += block == ResNetBlockKind.Basic
                    ? 9 * inPlanes * p + 9 * p * p + 2 * 2 * p
                    : inPlanes * p + 9 * p * p + p * 4 * p + 2 * (p + p + 4 * p);
                if (projection) total += inPlanes * p * expansion + 2 * p * expansion;
                inPlanes = p * expansion;
            }
        }
        return total;
    }
}
