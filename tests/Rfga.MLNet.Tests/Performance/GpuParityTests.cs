using System;
using System.IO;
using System.Linq;
using Microsoft.ML;
using Microsoft.VisualStudio.TestTools.UnitTesting;
using Rfga.MLNet.MLNet;
using Rfga.MLNet.Tests.MLNet;
using Rfga.MLNet.Network;
using Rfga.MLNet.Tests.Support;
using Rfga.MLNet.Training;
using TorchSharp;
using static TorchSharp.torch;

namespace Rfga.MLNet.Tests.Performance;

/// <summary>
/// CPU against CUDA on the same weights and data. Inconclusive without a CUDA device (build with
/// -p:TorchBackend=cuda on a machine with an NVIDIA GPU to run them).
/// </summary>
[TestClass]
public sealed class GpuParityTests
{
    /// <summary>Other algorithms and summation orders in cuDNN: compare relative to the largest magnitude.</summary>
    private const double Tolerance = 1e-3;

    private bool tf32;

    [TestInitialize]
    public void RequireCuda()
    {
        if (!cuda.is_available()) Assert.Inconclusive("no CUDA device (CPU backend or no GPU)");
        set_num_threads(2);
        // libtorch lets cuDNN convolutions use TF32 (10-bit mantissa) on Ampere and newer by default: full fp32 here.
        tf32 = backends.cudnn.allow_tf32;
        backends.cudnn.allow_tf32 = false;
    }

    [TestCleanup]
    public void RestoreTf32()
    {
        if (cuda.is_available()) backends.cudnn.allow_tf32 = tf32;
    }

    [TestMethod]
    public void Forward_SameWeights_CpuAndCudaAgree()
    {
        random.manual_seed(3);
        using var cpuNet = new WsolNetwork(new WsolNetworkSpec(5, BackboneKind.ResNet18));
        using var gpuNet = Copy(cpuNet).to(CUDA);
        cpuNet.eval();
        gpuNet.eval();
        using var x = randn(2, 3, 64, 64);
        using var noGrad = no_grad();
        using var a = cpuNet.forward(x);
        using var gx = x.to(CUDA);
        using var b = gpuNet.forward(gx);
        Assert.AreEqual(DeviceType.CUDA, b.Logits.device_type);
        AssertClose(a.Logits, b.Logits, "logits");
        AssertClose(a.ClassMaps, b.ClassMaps, "class maps");
    }

    [TestMethod]
    public void Train_NetworkOnCuda_StepsRunThereAndMatchCpu()
    {
        var settings = new TrainingSettings
        {
            Epochs = 1, BatchSize = 4, LearningRate = 0.01, ResizeSize = 36, CropSize = 32, TestSize = 32, LearningRateStepEpochs = 100, Seed = 3,
        };
        random.manual_seed(4);
        using var cpuNet = new WsolNetwork(new WsolNetworkSpec(2));
        using var gpuNet = Copy(cpuNet).to(CUDA);
        WsolTrainer.Train(cpuNet, new SquaresSource(8), settings);
        // No TrainingControl.Device: inputs follow the network's parameters.
        WsolTrainer.Train(gpuNet, new SquaresSource(8), settings);
        foreach (var ((name, p), (_, q)) in cpuNet.named_parameters().Zip(gpuNet.named_parameters()))
        {
            Assert.AreEqual(DeviceType.CUDA, q.device_type, name);
            AssertClose(p, q, name);
        }
    }

    [TestMethod]
    public void Fit_MLContextGpuDeviceId_TrainsAndScoresOnCudaAndMatchesCpu()
    {
        using var data = new SquaresFolder(16);
        var settings = new TrainingSettings { Epochs = 1, BatchSize = 8, LearningRate = 0.01, ResizeSize = 36, CropSize = 32, TestSize = 32, Seed = 3 };
        float[] Scores(MLContext ml, bool onCuda)
        {
            var rows = ml.Data.LoadFromEnumerable(data.Rows);
            var model = ml.Transforms.Conversion.MapValueToKey("Label", nameof(SquaresFolder.Row.ClassName))
                .Append(ml.Transforms.TrainRfga(new RfgaTrainerOptions { ImageFolder = data.Folder, Training = settings, InferenceBatchSize = 4 }))
                .Fit(rows);
            var classifier = model.LastTransformer;
            Assert.AreEqual(onCuda ? DeviceType.CUDA : DeviceType.CPU, classifier.Device.type, "the classifier scores on the MLContext's device");
            foreach (var (name, p) in classifier.Network.named_parameters())
                Assert.AreEqual(onCuda ? DeviceType.CUDA : DeviceType.CPU, p.device_type, name);
            var scores = ml.Data.CreateEnumerable<ScoreRow>(model.Transform(rows), reuseRowObject: false).SelectMany(r => r.Score).ToArray();
            classifier.Dispose();
            return scores;
        }

        float[] cpu = Scores(new MLContext(seed: 1), onCuda: false);
        float[] gpu = Scores(new MLContext(seed: 1) { GpuDeviceId = 0, FallbackToCpu = false }, onCuda: true);
        Assert.HasCount(cpu.Length, gpu);
        for (int i = 0; i < cpu.Length; i++) Assert.AreEqual(cpu[i], gpu[i], Tolerance, $"score {i}");
    }

    private sealed class ScoreRow
    {
        public float[] Score { get; set; } = [];
    }

    private static WsolNetwork Copy(WsolNetwork source)
    {
        var copy = new WsolNetwork(source.Spec);
        using var stream = new MemoryStream();
        source.save(new BinaryWriter(stream));
        stream.Position = 0;
        copy.load(new BinaryReader(stream));
        return copy;
    }

    private static void AssertClose(Tensor expected, Tensor actual, string what)
    {
        using var scope = NewDisposeScope();
        var e = expected.detach().cpu().to_type(ScalarType.Float64);
        var a = actual.detach().cpu().to_type(ScalarType.Float64);
        double scale = Math.Max(e.abs().max().item<double>(), 1e-12);
        double diff = (e - a).abs().max().item<double>();
        Assert.IsTrue(diff <= Tolerance * scale, $"{what}: max |cpu − cuda| = {diff:E2}, scale {scale:E2}");
    }
}
