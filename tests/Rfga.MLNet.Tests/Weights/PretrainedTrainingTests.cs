using System;
using System.IO;
using System.Linq;
using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.VisualStudio.TestTools.UnitTesting;
using Rfga.MLNet.Imaging;
using Rfga.MLNet.MLNet;
using Rfga.MLNet.Network;
using Rfga.MLNet.Tests.MLNet;
using Rfga.MLNet.Training;
using Rfga.MLNet.Weights;
using TorchSharp;
using TorchSharp.PyBridge;
using static TorchSharp.torch;

namespace Rfga.MLNet.Tests.Weights;

/// <summary><c>RfgaTrainerOptions.Pretrained</c>: the backbone starts from the given weights, with the input they expect.</summary>
[TestClass]
public sealed class PretrainedTrainingTests
{
    /// <summary>One step at a learning rate so small that the weights stay where they started.</summary>
    private static readonly TrainingSettings Frozen = new()
    {
        Epochs = 1, BatchSize = 2, ResizeSize = 32, CropSize = 32, TestSize = 32, LearningRate = 1e-12, Momentum = 0, WeightDecay = 0,
    };

    [TestMethod]
    public void Fit_ImageNetResNet18_StartsFromTheImportedWeightsWithCntkInput()
    {
        set_num_threads(2);
        using var squares = new SquaresFolder(2);
        var ml = new MLContext(seed: 1);
        var data = ml.Data.LoadFromEnumerable(squares.Rows);
        var model = ml.Transforms.Conversion.MapValueToKey("Label", "ClassName")
            .Append(ml.Transforms.TrainRfga(new RfgaTrainerOptions
            {
                ImageFolder = squares.Folder, Backbone = BackboneKind.ResNet18Cntk, Attention = AttentionKind.None,
                Pretrained = PretrainedWeights.ImageNetResNet18, Training = Frozen,
            }))
            .Fit(data);
        using var classifier = model.LastTransformer;
        Assert.AreEqual(InputPreprocessing.CntkImageNet, classifier.State.Preprocessing);
        using var imported = OnnxResNet18Importer.Create();
        var trained = classifier.Network.Backbone.state_dict();
        foreach (string key in new[] { "conv1.weight", "layer2.0.downsample.0.weight", "layer4.2.conv2.weight" })
        {
            double diff = (trained[key].cpu() - imported.state_dict()[key]).abs().max().item<float>();
            Assert.IsLessThan(1e-6, diff, key);
        }
    }

    [TestMethod]
    public void Fit_TorchVisionCheckpoint_StartsFromItsWeightsWithImageNetInput()
    {
        set_num_threads(2);
        string folder = Directory.CreateTempSubdirectory("rfga-pretrained-").FullName;
        try
        {
            random.manual_seed(61);
            string checkpoint = Path.Combine(folder, "resnet18-test.safetensors");
            using (var reference = torchvision.models.resnet18()) reference.save_safetensors(checkpoint);
            using var expected = ResNetBackbone.ResNet18();
            WsolNetworkImporter.LoadBackbone(expected, checkpoint);

            using var squares = new SquaresFolder(2);
            var ml = new MLContext(seed: 1);
            var data = ml.Data.LoadFromEnumerable(squares.Rows);
            var model = ml.Transforms.Conversion.MapValueToKey("Label", "ClassName")
                .Append(ml.Transforms.TrainRfga(new RfgaTrainerOptions
                {
                    ImageFolder = squares.Folder, Backbone = BackboneKind.ResNet18, Attention = AttentionKind.None,
                    Pretrained = PretrainedWeights.FromFile(checkpoint), Training = Frozen,
                }))
                .Fit(data);
            using var classifier = model.LastTransformer;
            Assert.AreEqual(InputPreprocessing.ImageNet, classifier.State.Preprocessing);
            double diff = (classifier.Network.Backbone.state_dict()["layer3.1.conv2.weight"].cpu() - expected.state_dict()["layer3.1.conv2.weight"]).abs().max().item<float>();
            Assert.IsLessThan(1e-6, diff);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [TestMethod]
    public void SaveLoad_BgrRawPixelInput_IsKeptInTheModelZipAndGivesTheSameScores()
    {
        set_num_threads(2);
        using var squares = new SquaresFolder(4);
        string zip = Path.Combine(squares.Folder, "bgr.zip");
        var ml = new MLContext(seed: 1);
        var data = ml.Data.LoadFromEnumerable(squares.Rows);
        var settings = (Frozen with { LearningRate = 0.01 }).WithPreprocessing(new InputPreprocessing(ChannelOrder.Bgr, 255f, [100f, 110f, 120f], [50f, 60f, 70f]));
        var model = ml.Transforms.Conversion.MapValueToKey("Label", "ClassName")
            .Append(ml.Transforms.TrainRfga(new RfgaTrainerOptions { ImageFolder = squares.Folder, Training = settings }))
            .Fit(data);
        float[] before = model.Transform(data).GetColumn<float[]>("Score").SelectMany(s => s).ToArray();
        ml.Model.Save(model, data.Schema, zip);
        model.LastTransformer.Dispose();

        var loaded = (TransformerChain<ITransformer>)new MLContext(seed: 2).Model.Load(zip, out _);
        using var classifier = (RfgaClassifierTransformer)loaded.Last();
        Assert.AreEqual(settings.Preprocessing, classifier.State.Preprocessing);
        CollectionAssert.AreEqual(before, loaded.Transform(data).GetColumn<float[]>("Score").SelectMany(s => s).ToArray());
    }

    [TestMethod]
    public void Options_ImageNetResNet18OnTinyBackbone_ThrowNamingResNet18Cntk()
    {
        var ml = new MLContext(seed: 1);
        var e = Assert.ThrowsExactly<ArgumentException>(() =>
            ml.Transforms.TrainRfga(new RfgaTrainerOptions { Pretrained = PretrainedWeights.ImageNetResNet18 }));
        StringAssert.Contains(e.Message, nameof(BackboneKind.ResNet18Cntk));
        var missing = Assert.ThrowsExactly<FileNotFoundException>(() =>
            ml.Transforms.TrainRfga(new RfgaTrainerOptions { Backbone = BackboneKind.ResNet50, Pretrained = PretrainedWeights.FromFile("/nowhere/resnet50-0676ba61.pth") }));
        StringAssert.Contains(missing.Message, "/nowhere/resnet50-0676ba61.pth");
    }
}
