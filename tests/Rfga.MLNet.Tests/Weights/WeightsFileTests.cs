using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using Microsoft.VisualStudio.TestTools.UnitTesting;
using Rfga.MLNet.Tests.Support;
using Rfga.MLNet.Network;
using Rfga.MLNet.Weights;
using TorchSharp;
using TorchSharp.Modules;
using TorchSharp.PyBridge;
using static TorchSharp.torch;

namespace Rfga.MLNet.Tests.Weights;

/// <summary>
/// PyTorch <c>.pth</c> (through TorchSharp.PyBridge), safetensors and TorchSharp <c>.dat</c> import and export: torchvision-named
/// checkpoints into the backbone, whole networks both ways, and strict key checks.
/// </summary>
[TestClass]
public sealed class WeightsFileTests
{
    private string folder = null!;

    [TestInitialize]
    public void CreateFolder() => folder = Directory.CreateTempSubdirectory("rfga-weights-").FullName;

    [TestCleanup]
    public void DeleteFolder() => Directory.Delete(folder, recursive: true);

    [TestMethod]
    public void LoadBackbone_PthWrittenByPyBridgeFromTorchVisionResNet18_LoadsBitIdentical()
    {
        random.manual_seed(41);
        using var reference = torchvision.models.resnet18();
        BatchNorms.Perturb(reference, new Random(41));
        string path = Path.Combine(folder, "resnet18-test.pth");
        reference.save_py(path);
        Assert.AreEqual((byte)'P', File.ReadAllBytes(path)[0], "a PyTorch zip file");

        random.manual_seed(42);
        using var ours = ResNetBackbone.ResNet18(layer4Stride: 2);
        WsolNetworkImporter.LoadBackbone(ours, path);

        var expected = reference.state_dict();
        var actual = ours.state_dict();
        Assert.HasCount(expected.Count - 2, actual, "every key but fc.weight and fc.bias");
        foreach (var (key, value) in actual) AssertBitIdentical(expected[key], value, key);
        reference.eval();
        ours.eval();
        using var x = randn(1, 3, 64, 64);
        using var features = ours.forward(x);
        using var trunk = TorchVisionReference.Trunk(reference, x);
        AssertBitIdentical(trunk, features, "layer4 output");
    }

    [TestMethod]
    public void LoadBackbone_PthMissingKey_FailsNamingTheKeyAndLoadsNothing()
    {
        random.manual_seed(43);
        using var source = new TinyBackbone();
        var state = source.state_dict().Where(kv => kv.Key != "features.bn3.running_var").ToDictionary(kv => kv.Key, kv => kv.Value);
        string path = Path.Combine(folder, "missing.pth");
        PyTorchPickler.PickleStateDict(path, state);

        using var target = new TinyBackbone();
        using var before = target.state_dict()["features.conv1.weight"].clone();
        var e = Assert.ThrowsExactly<StateDictMismatchException>(() => WsolNetworkImporter.LoadBackbone(target, path));
        CollectionAssert.AreEqual(new[] { "features.bn3.running_var" }, e.Missing.ToArray());
        Assert.IsEmpty(e.Unexpected);
        Assert.IsEmpty(e.MisShaped);
        StringAssert.Contains(e.Message, "features.bn3.running_var");
        StringAssert.Contains(e.Message, path);
        AssertBitIdentical(before, target.state_dict()["features.conv1.weight"], "features.conv1.weight is unchanged after the failed load");
    }

    [TestMethod]
    public void LoadBackbone_ExtraAndMisShapedKeys_ListsEachKind()
    {
        random.manual_seed(44);
        using var source = new TinyBackbone();
        var state = source.state_dict().ToDictionary(kv => kv.Key, kv => kv.Value);
        using var extra = zeros(4);
        using var wrong = zeros(32, 3, 5, 5);
        using var fc = zeros(10, 128);
        state["features.conv5.weight"] = extra;
        state["features.conv1.weight"] = wrong;
        state["fc.weight"] = fc;
        string path = Path.Combine(folder, "bad.safetensors");
        using (var stream = File.Create(path)) TorchSharp.PyBridge.Safetensors.SaveStateDict(stream, state);

        using var target = new TinyBackbone();
        var e = Assert.ThrowsExactly<StateDictMismatchException>(() => WsolNetworkImporter.LoadBackbone(target, path));
        Assert.IsEmpty(e.Missing);
        CollectionAssert.AreEqual(new[] { "features.conv5.weight" }, e.Unexpected.ToArray(), "fc.* is torchvision's head, not an error");
        Assert.HasCount(1, e.MisShaped);
        StringAssert.StartsWith(e.MisShaped[0], "features.conv1.weight: file [32, 3, 5, 5]");
        StringAssert.Contains(e.MisShaped[0], "network [32, 3, 3, 3]");
    }

    [TestMethod]
    public void LoadBackbone_CheckpointWithoutBatchCounters_LoadsLikePyTorch()
    {
        random.manual_seed(45);
        using var source = new TinyBackbone();
        BatchNorms.Perturb(source, new Random(45));
        var state = source.state_dict().Where(kv => !kv.Key.EndsWith("num_batches_tracked", StringComparison.Ordinal)).ToDictionary(kv => kv.Key, kv => kv.Value);
        string path = Path.Combine(folder, "old-style.pth");
        PyTorchPickler.PickleStateDict(path, state);
        using var target = new TinyBackbone();
        WsolNetworkImporter.LoadBackbone(target, path);
        AssertBitIdentical(state["features.bn4.running_var"], target.state_dict()["features.bn4.running_var"], "features.bn4.running_var");
    }

    [TestMethod]
    public void Read_PyTorchWrittenNestedCheckpoint_UnwrapsStateDictAndDataParallelPrefix()
    {
        // Written by PyTorch 1.13 (tests/reference/make_weights_fixture.py): {"state_dict": {"module.<key>": ...}, "epoch": 3}.
        string path = Path.Combine(AppContext.BaseDirectory, "Weights", "pytorch_checkpoint.pth");
        var state = StateDictFile.Read(path);
        try
        {
            CollectionAssert.AreEquivalent(new[] { "conv.weight", "fc.weight", "bn.num_batches_tracked", "half" }, state.Keys.ToList());
            CollectionAssert.AreEqual(new long[] { 2, 3, 1, 1 }, state["conv.weight"].shape);
            CollectionAssert.AreEqual(new[] { 0f, 0.25f, 0.5f, 0.75f, 1f, 1.25f }, state["conv.weight"].contiguous().data<float>().ToArray());
            CollectionAssert.AreEqual(new long[] { 3, 2 }, state["fc.weight"].shape);
            CollectionAssert.AreEqual(new[] { 0f, 0.5f, 1f, 1.5f, 2f, 2.5f }, state["fc.weight"].contiguous().data<float>().ToArray());
            Assert.AreEqual(7L, state["bn.num_batches_tracked"].item<long>());
            Assert.AreEqual(ScalarType.Float16, state["half"].dtype);
            CollectionAssert.AreEqual(new[] { 0.5f, -1f, 2f, 1024f }, state["half"].to_type(ScalarType.Float32).data<float>().ToArray());
        }
        finally
        {
            StateDictFile.DisposeAll(state);
        }
    }

    [TestMethod]
    [DataRow("network.pth")]
    [DataRow("network.safetensors")]
    [DataRow("network.dat")]
    public void ExportImport_RfgaNetworkInEachFormat_SameWeightsAndLogits(string fileName)
    {
        var spec = new WsolNetworkSpec(3, BackboneKind.Tiny, AttentionKind.RfgaResidual);
        random.manual_seed(46);
        using var trained = new WsolNetwork(spec);
        BatchNorms.Perturb(trained, new Random(46));
        string path = Path.Combine(folder, fileName);
        WsolNetworkExporter.Save(trained, path);

        random.manual_seed(47);
        using var loaded = WsolNetworkImporter.Load(spec, path);
        var a = trained.state_dict();
        foreach (var (key, value) in loaded.state_dict()) AssertBitIdentical(a[key], value, key);
        trained.eval();
        loaded.eval();
        using var x = randn(2, 3, 64, 64);
        using var expected = trained.forward(x);
        using var actual = loaded.forward(x);
        AssertBitIdentical(expected.Logits, actual.Logits, "logits");
    }

    [TestMethod]
    public void Export_Keys_AreTorchVisionNamesPlusAttentionAndClassifier()
    {
        random.manual_seed(48);
        using var network = new WsolNetwork(new WsolNetworkSpec(5, BackboneKind.ResNet18Cntk, AttentionKind.RfgaResidual));
        var keys = WsolNetworkExporter.StateDict(network).Keys.ToList();
        CollectionAssert.Contains(keys, "conv1.weight");
        CollectionAssert.Contains(keys, "layer4.2.bn2.running_var");
        CollectionAssert.Contains(keys, "attention.conv_c.weight");
        CollectionAssert.Contains(keys, "attention.bn_h.running_mean");
        CollectionAssert.Contains(keys, "classifier.weight");
        Assert.IsFalse(keys.Any(k => k.StartsWith("backbone.", StringComparison.Ordinal)));

        // The backbone part loads into a torchvision ResNet, as in Python: load_state_dict(sd, strict=False).
        string path = Path.Combine(folder, "export.safetensors");
        WsolNetworkExporter.Save(network, path);
        using var plain = new WsolNetwork(new WsolNetworkSpec(5, BackboneKind.ResNet18Cntk, AttentionKind.None));
        WsolNetworkImporter.LoadBackbone(plain.Backbone, path);
        AssertBitIdentical(network.Backbone.state_dict()["layer4.2.conv2.weight"], plain.Backbone.state_dict()["layer4.2.conv2.weight"], "backbone from an export");
    }

    [TestMethod]
    public void Import_NetworkWithOtherClassCountAndAttention_ListsMisShapedAndMissingKeys()
    {
        random.manual_seed(49);
        using var network = new WsolNetwork(new WsolNetworkSpec(3, BackboneKind.Tiny, AttentionKind.None));
        string path = Path.Combine(folder, "cam.safetensors");
        WsolNetworkExporter.Save(network, path);
        var e = Assert.ThrowsExactly<StateDictMismatchException>(() =>
            WsolNetworkImporter.Load(new WsolNetworkSpec(4, BackboneKind.Tiny, AttentionKind.Eca), path).Dispose());
        CollectionAssert.AreEqual(new[] { "attention.conv.weight" }, e.Missing.ToArray());
        Assert.HasCount(1, e.MisShaped);
        StringAssert.StartsWith(e.MisShaped[0], "classifier.weight: file [3, 128, 1, 1]");
    }

    [TestMethod]
    public void Read_LegacyPyTorchPickle_ErrorNamesFileAndHowToResave()
    {
        string path = Path.Combine(folder, "resnet50-19c8e357.pth");
        File.WriteAllBytes(path, [0x80, 0x02, 0x8a, 0x0a, 0x6c, 0xfc, 0x9c, 0x46, 0xf9, 0x20, 0x6a, 0xa8, 0x50, 0x19]);
        using var backbone = ResNetBackbone.ResNet50();
        var e = Assert.ThrowsExactly<InvalidDataException>(() => WsolNetworkImporter.LoadBackbone(backbone, path));
        StringAssert.Contains(e.Message, path);
        StringAssert.Contains(e.Message, "torch.save(torch.load(");
    }

    [TestMethod]
    public void Pretrained_FromFileIntoTiny_FailsNamingMissingKeys()
    {
        random.manual_seed(50);
        using var reference = torchvision.models.resnet18();
        string path = Path.Combine(folder, "resnet18.safetensors");
        reference.save_safetensors(path);
        using var tiny = new TinyBackbone();
        var e = Assert.ThrowsExactly<StateDictMismatchException>(() => PretrainedWeights.FromFile(path).LoadInto(tiny));
        CollectionAssert.Contains(e.Missing.ToList(), "features.conv1.weight");
        CollectionAssert.Contains(e.Unexpected.ToList(), "layer1.0.conv1.weight");
    }

    internal static void AssertBitIdentical(Tensor expected, Tensor actual, string what)
    {
        CollectionAssert.AreEqual(expected.shape, actual.shape, what);
        Assert.AreEqual(expected.dtype, actual.dtype, what);
        using var e = expected.detach().cpu().contiguous();
        using var a = actual.detach().cpu().contiguous();
        CollectionAssert.AreEqual(e.bytes.ToArray(), a.bytes.ToArray(), what);
    }

}
