using System;
using System.IO;
using System.Linq;
using Microsoft.ML;
using Microsoft.VisualStudio.TestTools.UnitTesting;
using Rfga.MLNet.Imaging;
using Rfga.MLNet.MLNet;
using Rfga.MLNet.Network;
using Rfga.MLNet.Training;
using Rfga.MLNet.Weights;
using static TorchSharp.torch;

namespace Rfga.MLNet.Tests.MLNet;

/// <summary>
/// The ML.NET columns read network outputs computed channels-last on the CPU: they must equal what the network gives
/// with <see cref="InputMemoryLayout.AsGiven"/> (NCHW throughout). A column copied from a channels-last tensor's raw
/// memory would come out in NHWC order and fail here.
/// </summary>
[TestClass]
public sealed class InputLayoutPipelineTests
{
    private sealed class Row
    {
        public string ImagePath { get; set; } = "";
        public string ClassName { get; set; } = "";
    }

    private sealed class Scored
    {
        public float[] Score { get; set; } = [];
        public float[] ClassMaps { get; set; } = [];
    }

    [TestMethod]
    public void Transform_ClassifierColumns_EqualTheNetworkWithLayoutOffAndTheOptionReachesTheNetworkButNotTheZip()
    {
        set_num_threads(2);
        using var data = new SquaresFolder(16, seed: 9);
        var ml = new MLContext(seed: 3);
        var rows = ml.Data.LoadFromEnumerable(data.Rows.Select(r => new Row { ImagePath = r.ImagePath, ClassName = r.ClassName }));
        var keyed = ml.Transforms.Conversion.MapValueToKey("Label", nameof(Row.ClassName)).Fit(rows).Transform(rows);
        var options = new RfgaTrainerOptions
        {
            ImageFolder = data.Folder,
            Backbone = BackboneKind.ResNet18,
            InputLayout = InputMemoryLayout.ChannelsLast,
            InferenceBatchSize = 5,
            Training = new TrainingSettings { Epochs = 1, BatchSize = 8, LearningRate = 0.05, ResizeSize = 36, CropSize = 32, TestSize = 40 },
        };
        using var classifier = ml.Transforms.TrainRfga(options).Fit(keyed);
        Assert.AreEqual(InputMemoryLayout.ChannelsLast, classifier.Network.InputLayout, "the option is set on the trained network");
        var scored = ml.Data.CreateEnumerable<Scored>(classifier.Transform(keyed), reuseRowObject: false).ToList();

        // The same images through the network with NCHW input, as the scorer prepares them.
        var images = data.Rows.Select(r => ImageDecoder.Decode(Path.Combine(data.Folder, r.ImagePath))).ToList();
        float[] scores, maps;
        classifier.Network.InputLayout = InputMemoryLayout.AsGiven;
        using (NewDisposeScope())
        using (no_grad())
        {
            var x = ImageBatch.Evaluation(images, classifier.State.TestSize, classifier.State.Preprocessing);
            using var output = classifier.Network.forward(x);
            scores = output.Logits.softmax(1).data<float>().ToArray();
            maps = output.ClassMaps.data<float>().ToArray();
        }
        classifier.Network.InputLayout = InputMemoryLayout.ChannelsLast;
        int k = 2, per = maps.Length / images.Count;
        double scale = maps.Max(Math.Abs);
        for (int i = 0; i < images.Count; i++)
        {
            for (int j = 0; j < k; j++) Assert.AreEqual(scores[i * k + j], scored[i].Score[j], 1e-4, $"score {j} of row {i}");
            Assert.AreEqual(per, scored[i].ClassMaps.Length);
            for (int j = 0; j < per; j++)
                Assert.AreEqual(maps[i * per + j], scored[i].ClassMaps[j], 1e-4 * scale, $"class map value {j} of row {i}");
        }

        string folder = Directory.CreateTempSubdirectory("rfga-layout-").FullName;
        try
        {
            string zip = Path.Combine(folder, "model.zip");
            ml.Model.Save(classifier, keyed.Schema, zip);
            var loaded = (RfgaClassifierTransformer)new MLContext(seed: 4).Model.Load(zip, out _);
            try
            {
                Assert.AreEqual(InputMemoryLayout.Auto, loaded.Network.InputLayout, "a run-time setting: a loaded model starts with the default");
            }
            finally
            {
                loaded.Dispose();
            }
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [TestMethod]
    public void Transform_ActivationMaps_EqualTheBackboneMeanOnNchwImages()
    {
        set_num_threads(2);
        using var data = new SquaresFolder(6, seed: 10);
        var ml = new MLContext(seed: 5);
        var rows = ml.Data.LoadFromEnumerable(data.Rows.Select(r => new Row { ImagePath = Path.Combine(data.Folder, r.ImagePath) }));
        using var transformer = ml.Transforms.ActivationMaps(new ActivationMapOptions
        {
            Backbone = BackboneKind.Tiny, Pretrained = PretrainedWeights.None, TestSize = 48,
        }).Fit(rows);
        var columns = ml.Data.CreateEnumerable<Scored>(transformer.Transform(rows), reuseRowObject: false).ToList();

        var images = data.Rows.Select(r => ImageDecoder.Decode(Path.Combine(data.Folder, r.ImagePath))).ToList();
        float[] maps;
        using (NewDisposeScope())
        using (no_grad())
        {
            var x = ImageBatch.Evaluation(images, transformer.State.TestSize, transformer.State.Preprocessing);
            Assert.IsFalse(MemoryLayout.IsChannelsLast(x), "reference input is NCHW");
            maps = transformer.Backbone.call(x).mean([1], keepdim: true).data<float>().ToArray();
        }
        int per = maps.Length / images.Count;
        double scale = maps.Max(Math.Abs);
        for (int i = 0; i < images.Count; i++)
            for (int j = 0; j < per; j++)
                Assert.AreEqual(maps[i * per + j], columns[i].ClassMaps[j], 1e-4 * scale, $"map value {j} of row {i}");
    }
}
