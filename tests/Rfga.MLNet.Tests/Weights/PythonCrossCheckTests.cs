using System;
using System.Collections.Generic;
using System.IO;
using System.Text.Json;
using Microsoft.VisualStudio.TestTools.UnitTesting;
using Rfga.MLNet.Tests.Support;
using Rfga.MLNet.Network;
using Rfga.MLNet.Weights;
using TorchSharp.PyBridge;
using static TorchSharp.torch;

namespace Rfga.MLNet.Tests.Weights;

/// <summary>
/// Writes the bundle that tests/reference/wsol_network_crosscheck.py reads to rebuild the network in PyTorch from its own
/// code and compare logits: the exported weights, the input and the C# outputs, and the network's configuration.
/// With RFGA_CROSSCHECK_DIR set the bundle stays there (plus a .pth copy of the weights); otherwise it is checked and deleted.
/// </summary>
[TestClass]
public sealed class PythonCrossCheckTests
{
    [TestMethod]
    public void Bundle_RfgaOnCntkResNet18_ExportsWeightsInputAndOutputsThatReadBack()
    {
        set_num_threads(2);
        string? keep = Environment.GetEnvironmentVariable("RFGA_CROSSCHECK_DIR");
        string folder = keep ?? Directory.CreateTempSubdirectory("rfga-crosscheck-").FullName;
        Directory.CreateDirectory(folder);
        try
        {
            var spec = new WsolNetworkSpec(5, BackboneKind.ResNet18Cntk, AttentionKind.RfgaResidual);
            random.manual_seed(71);
            using var network = new WsolNetwork(spec);
            BatchNorms.Perturb(network, new Random(71));
            network.eval();
            using var x = randn(2, 3, 96, 64);
            using var output = network.forward(x);

            WsolNetworkExporter.Save(network, Path.Combine(folder, "network.safetensors"));
            if (keep is not null) WsolNetworkExporter.Save(network, Path.Combine(folder, "network.pth"));
            var io = new Dictionary<string, Tensor> { ["input"] = x, ["logits"] = output.Logits, ["class_maps"] = output.ClassMaps };
            PyTorchPickler.PickleStateDict(Path.Combine(folder, "io.pth"), io);
            File.WriteAllText(Path.Combine(folder, "spec.json"), JsonSerializer.Serialize(new Dictionary<string, object>
            {
                ["class_count"] = spec.ClassCount,
                ["backbone"] = spec.Backbone.ToString(),
                ["layers"] = ResNetBackbone.ResNet18CntkLayers,
                ["layer4_stride"] = ((ResNetBackbone)network.Backbone).Layer4Stride,
                ["attention"] = spec.Attention.ToString(),
                ["views"] = spec.Views.ToString(),
                ["kernel_size"] = spec.KernelSize,
            }));

            using var reread = WsolNetworkImporter.Load(spec, Path.Combine(folder, "network.safetensors"));
            reread.eval();
            using var again = reread.forward(x);
            WeightsFileTests.AssertBitIdentical(output.Logits, again.Logits, "logits from the re-read export");
            var ioBack = Rfga.MLNet.Weights.StateDictFile.Read(Path.Combine(folder, "io.pth"));
            try
            {
                WeightsFileTests.AssertBitIdentical(output.ClassMaps, ioBack["class_maps"], "class maps in io.pth");
            }
            finally
            {
                Rfga.MLNet.Weights.StateDictFile.DisposeAll(ioBack);
            }
        }
        finally
        {
            if (keep is null) Directory.Delete(folder, recursive: true);
        }
    }
}
