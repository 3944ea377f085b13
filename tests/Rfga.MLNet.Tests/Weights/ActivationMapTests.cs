using System;
using System.IO;
using System.Linq;
using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.VisualStudio.TestTools.UnitTesting;
using Rfga.MLNet.Data;
using Rfga.MLNet.Localization;
using Rfga.MLNet.MLNet;
using Rfga.MLNet.Network;
using Rfga.MLNet.Weights;
using static TorchSharp.torch;

namespace Rfga.MLNet.Tests.Weights;

/// <summary>
/// Zero-training localization: the imported ImageNet ResNet-18's mean-activation map through the same
/// ExtractCam → DeriveBoxes chain as a trained model.
/// </summary>
[TestClass]
public sealed class ActivationMapTests
{
    private sealed class Row
    {
        public string ImagePath { get; set; } = "";
    }

    [TestMethod]
    public void MeanActivation_ImportedResNet18OnTexturedObject_PeaksOnTheObjectAndBoxesIt()
    {
        set_num_threads(2);
        string folder = Directory.CreateTempSubdirectory("rfga-actmap-").FullName;
        try
        {
            // A 300×220 image (not square, not a multiple of 32) with the object off centre.
            var objectBox = new PixelBox(170, 40, 269, 139);
            var image = TexturedScene.Make(300, 220, objectBox, seed: 3);
            string path = Path.Combine(folder, "scene.png");
            PngCodec.Save(path, image.Pixels, image.Width, image.Height);

            var ml = new MLContext(seed: 1);
            var data = ml.Data.LoadFromEnumerable(new[] { new Row { ImagePath = path } });
            var pipeline = ml.Transforms.ActivationMaps()
                .Append(ml.Transforms.ExtractCam())
                .Append(ml.Transforms.DeriveBoxes(new BoxDeriverOptions { Tau = 0.5 }));
            var model = pipeline.Fit(data);
            var scored = model.Transform(data);

            var maps = scored.Schema["ClassMaps"];
            CollectionAssert.AreEqual(new[] { 1, 14, 14 }, ((VectorDataViewType)maps.Type).Dimensions.ToArray(), "224² at stride 16");
            Assert.AreEqual(1UL, ((KeyDataViewType)scored.Schema["PredictedLabel"].Type).Count);
            CollectionAssert.AreEqual(new[] { 1u }, scored.GetColumn<uint>("PredictedLabel").ToArray());
            CollectionAssert.AreEqual(new[] { 1f }, scored.GetColumn<float[]>("Score").Single());

            var cam = scored.GetColumn<double[]>("Cam").Single();
            Assert.HasCount(300 * 220, cam);
            int peak = Array.IndexOf(cam, cam.Max());
            int px = peak % 300, py = peak / 300;
            Assert.IsTrue(px >= objectBox.X0 && px <= objectBox.X1 && py >= objectBox.Y0 && py <= objectBox.Y1,
                $"the map peaks at ({px}, {py}), outside the object {objectBox}");
            var b = scored.GetColumn<float[]>("BoundingBox").Single();
            double iou = PixelBox.Iou(new PixelBox((int)b[0], (int)b[1], (int)b[2], (int)b[3]), objectBox);
            Assert.IsGreaterThan(0.5, iou, $"box ({string.Join(", ", b)}) vs object {objectBox}");

            DisposeAll(model);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [TestMethod]
    public void SaveLoad_ActivationMapChain_ReloadsInAFreshContextToTheSameCamAndBox()
    {
        set_num_threads(2);
        string folder = Directory.CreateTempSubdirectory("rfga-actmap-zip-").FullName;
        try
        {
            string path = Path.Combine(folder, "scene.png");
            var image = TexturedScene.Make(90, 70, new PixelBox(10, 20, 49, 59), seed: 4);
            PngCodec.Save(path, image.Pixels, image.Width, image.Height);
            var ml = new MLContext(seed: 1);
            var data = ml.Data.LoadFromEnumerable(new[] { new Row { ImagePath = path } });
            // A random-initialisation backbone (the baseline of the imported weights, seeded by the MLContext) keeps the zip small.
            var model = ml.Transforms.ActivationMaps(new ActivationMapOptions { Backbone = BackboneKind.Tiny, Pretrained = PretrainedWeights.None, TestSize = 64 })
                .Append(ml.Transforms.ExtractCam())
                .Append(ml.Transforms.DeriveBoxes(new BoxDeriverOptions { Tau = 0.3 }))
                .Fit(data);
            var scored = model.Transform(data);
            var cam = scored.GetColumn<double[]>("Cam").Single();
            var box = scored.GetColumn<float[]>("BoundingBox").Single();
            string zip = Path.Combine(folder, "actmap.zip");
            ml.Model.Save(model, data.Schema, zip);
            DisposeAll(model);

            var reloaded = new MLContext(seed: 2).Model.Load(zip, out _);
            try
            {
                var again = reloaded.Transform(data);
                CollectionAssert.AreEqual(cam, again.GetColumn<double[]>("Cam").Single());
                CollectionAssert.AreEqual(box, again.GetColumn<float[]>("BoundingBox").Single());
                var transformer = ((System.Collections.Generic.IEnumerable<ITransformer>)reloaded).OfType<ActivationMapTransformer>().Single();
                Assert.AreEqual(Rfga.MLNet.Imaging.InputPreprocessing.ImageNet, transformer.Preprocessing, "no pretrained weights: torchvision's input");
            }
            finally
            {
                DisposeAll(reloaded);
            }
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [TestMethod]
    public void Options_ImageNetResNet18WithTorchVisionLayout_ThrowNamingTheBackbone()
    {
        var ml = new MLContext(seed: 1);
        var e = Assert.ThrowsExactly<ArgumentException>(() => ml.Transforms.ActivationMaps(new ActivationMapOptions { Backbone = BackboneKind.ResNet18 }));
        StringAssert.Contains(e.Message, nameof(BackboneKind.ResNet18Cntk));
        Assert.AreEqual("backbone", e.ParamName);
    }

    private static void DisposeAll(ITransformer transformer)
    {
        if (transformer is System.Collections.Generic.IEnumerable<ITransformer> chain)
            foreach (var t in chain) DisposeAll(t);
        (transformer as IDisposable)?.Dispose();
    }
}
