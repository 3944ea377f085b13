using System;
using System.IO;
using System.Linq;
using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;
using Microsoft.VisualStudio.TestTools.UnitTesting;
using Rfga.MLNet.Imaging;
using Rfga.MLNet.Localization;
using Rfga.MLNet.Network;
using Rfga.MLNet.Weights;
using static TorchSharp.torch;

namespace Rfga.MLNet.Tests.Weights;

/// <summary>
/// The ImageNet ResNet-18 of Microsoft.ML.DnnImageFeaturizer.ResNet18, imported from its ONNX graph, against ONNX
/// Runtime running the same file on the same input, and against the package's own preprocessing graph.
/// </summary>
[TestClass]
public sealed class OnnxResNet18ImporterTests
{
    private static readonly string PreprocessPath = Path.Combine(AppContext.BaseDirectory, "DnnImageModels", "ResNetPrepOnnx", "ResNetPreprocess.onnx");

    public TestContext TestContext { get; set; } = null!;

    [TestMethod]
    [DataRow(224)]
    [DataRow(448)]
    public void Features_ImportedVsOnnxRuntime_AgreeWithin1e4Relative(int side)
    {
        set_num_threads(2);
        string onnx = OnnxResNet18Importer.Locate();
        byte[] model = File.ReadAllBytes(onnx);
        // The graph's stride-2 layer4 and its last ReLU (the input of the final average pool) as an extra output.
        string layer4 = OnnxGraphEdit.FirstInputOf(model, "AveragePool");
        byte[] edited = OnnxGraphEdit.WithInputSideAndOutputs(model, OnnxResNet18Importer.InputName, side, [layer4, OnnxResNet18Importer.OutputName]);

        var image = TexturedScene.Make(side, side, new PixelBox(side / 4, side / 5, side * 3 / 4, side * 2 / 3), seed: side);
        using var input = ImageBatch.Evaluation([image], side, InputPreprocessing.CntkImageNet);
        float[] x = input.contiguous().data<float>().ToArray();

        using var options = new SessionOptions { IntraOpNumThreads = 2, InterOpNumThreads = 1 };
        using var session = new InferenceSession(edited, options);
        using var results = session.Run([NamedOnnxValue.CreateFromTensor(OnnxResNet18Importer.InputName, new DenseTensor<float>(x, [1, 3, side, side]))]);
        var ortLayer4 = results.Single(r => r.Name == layer4).AsTensor<float>();
        var ortPooled = results.Single(r => r.Name == OnnxResNet18Importer.OutputName).AsTensor<float>();

        using var backbone = OnnxResNet18Importer.Create(layer4Stride: 2);
        backbone.eval();
        using var noGrad = no_grad();
        using var ours = backbone.forward(input);
        int s = side / 32;
        CollectionAssert.AreEqual(new long[] { 1, 512, s, s }, ours.shape);
        CollectionAssert.AreEqual(new[] { 1, 512, s, s }, ortLayer4.Dimensions.ToArray());
        double layer4Error = RelativeError(ours.data<float>().ToArray(), ortLayer4.ToArray());

        // The graph's 7×7 average pool (stride 1) is global at 224; at 448 it gives 8×8 local means.
        using var pooled = nn.functional.avg_pool2d(ours, 7, stride: 1);
        CollectionAssert.AreEqual(pooled.shape, ortPooled.Dimensions.ToArray().Select(d => (long)d).ToArray());
        double pooledError = RelativeError(pooled.contiguous().data<float>().ToArray(), ortPooled.ToArray());

        TestContext.WriteLine($"{side}²: layer4 [1, 512, {s}, {s}] max|ours − ORT| / max|ORT| = {layer4Error:E2}; pooled {pooledError:E2}; " +
                              $"max|ORT layer4| = {ortLayer4.ToArray().Max(Math.Abs):F3}");
        Assert.IsLessThanOrEqualTo(1e-4, layer4Error, $"layer4 at {side}");
        Assert.IsLessThanOrEqualTo(1e-4, pooledError, $"pooled at {side}");
        Assert.IsGreaterThan(1f, ortLayer4.ToArray().Max(), "features of a real image are not all small");
    }

    [TestMethod]
    public void NameTable_UsesEveryInitializerOnceAndCoversTheBackbone()
    {
        var initializers = OnnxInitializerReader.Read(OnnxResNet18Importer.Locate());
        Assert.HasCount(110, initializers);
        CollectionAssert.AreEquivalent(initializers.Keys.ToList(), OnnxResNet18Importer.NameTable.Values.ToList());
        using var backbone = ResNetBackbone.ResNet18Cntk();
        var weights = backbone.state_dict().Keys.Where(k => !k.EndsWith("num_batches_tracked", StringComparison.Ordinal)).ToList();
        CollectionAssert.AreEquivalent(weights, OnnxResNet18Importer.NameTable.Keys.ToList());
        Assert.AreEqual(15_908_800L, initializers.Values.Sum(t => t.Data.LongLength), "notes/pretrained.md: 110 float tensors");
    }

    [TestMethod]
    public void CntkMean_EqualsChannelAveragesOfThePackagesMeanImage()
    {
        var mean = OnnxInitializerReader.Read(PreprocessPath)["MeanImage"];
        CollectionAssert.AreEqual(new long[] { 1, 3, 224, 224 }, mean.Dims);
        int plane = 224 * 224;
        for (int c = 0; c < 3; c++)
        {
            double average = mean.Data.Skip(c * plane).Take(plane).Average(v => (double)v);
            Assert.AreEqual(average, InputPreprocessing.CntkImageNet.Mean[c], 1e-4, $"channel {c} (B, G, R)");
        }
        Assert.AreEqual(ChannelOrder.Bgr, InputPreprocessing.CntkImageNet.ChannelOrder);
        Assert.AreEqual(255f, InputPreprocessing.CntkImageNet.PixelRange);
    }

    [TestMethod]
    public void Normalize_CntkInput_IsBgrRawPixelsMinusMean()
    {
        var image = new RgbImage(1, 1, [200, 100, 50]);
        using var x = ImageBatch.Evaluation([image], 1, InputPreprocessing.CntkImageNet);
        var v = x.data<float>().ToArray();
        var m = ImageNormalization.CntkImageNetMeanBgr;
        Assert.AreEqual(50 - m[0], v[0], 1e-3);
        Assert.AreEqual(100 - m[1], v[1], 1e-3);
        Assert.AreEqual(200 - m[2], v[2], 1e-3);
    }

    [TestMethod]
    public void Locate_MissingFolder_NamesWhereItLooked()
    {
        string folder = Path.Combine(Path.GetTempPath(), "rfga-no-model-" + Guid.NewGuid().ToString("N"));
        var e = Assert.ThrowsExactly<FileNotFoundException>(() => OnnxResNet18Importer.Locate(folder));
        StringAssert.Contains(e.Message, Path.Combine(folder, "ResNet18.onnx"));
        StringAssert.Contains(e.Message, OnnxResNet18Importer.PackageId);
    }

    [TestMethod]
    public void Load_TorchVisionResNet18Layout_ThrowsNamingResNet18Cntk()
    {
        using var backbone = ResNetBackbone.ResNet18();
        var e = Assert.ThrowsExactly<ArgumentException>(() => OnnxResNet18Importer.Load(backbone));
        StringAssert.Contains(e.Message, nameof(BackboneKind.ResNet18Cntk));
    }

    private static double RelativeError(float[] actual, float[] expected)
    {
        Assert.HasCount(expected.Length, actual);
        double max = 0, scale = 0;
        for (int i = 0; i < actual.Length; i++)
        {
            max = Math.Max(max, Math.Abs((double)actual[i] - expected[i]));
            scale = Math.Max(scale, Math.Abs(expected[i]));
        }
        return max / scale;
    }
}
