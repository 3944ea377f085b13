using System;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Runtime.InteropServices;
using Microsoft.VisualStudio.TestTools.UnitTesting;
using Rfga.MLNet.Localization;
using Rfga.MLNet.Tests.Support;
using SkiaSharp;

namespace Rfga.MLNet.Tests.Weights;

/// <summary>
/// The command line's pretrained weights, as child processes: <c>rfga localize --backbone resnet18-imagenet --map mean-activation</c>
/// end to end, and the option errors of localize and <c>rfga train --pretrained</c>.
/// </summary>
[TestClass]
public sealed class WeightsCliTests
{
    [TestMethod]
    public void Localize_ImageNetResNet18MeanActivation_WritesBoxesAndOverlaysForMixedJpegAndPng()
    {
        string root = Directory.CreateTempSubdirectory("rfga-zero-").FullName;
        try
        {
            string images = Path.Combine(root, "images");
            Directory.CreateDirectory(images);
            var scenes = new (string Name, int Width, int Height, PixelBox Object)[]
            {
                ("a.jpg", 320, 240, new PixelBox(40, 60, 159, 179)),
                ("b.png", 131, 97, new PixelBox(70, 10, 120, 70)),
                ("c.jpeg", 200, 200, new PixelBox(60, 60, 139, 139)),
            };
            for (int i = 0; i < scenes.Length; i++)
            {
                var (name, w, h, box) = scenes[i];
                Save(TexturedScene.Make(w, h, box, seed: i), Path.Combine(images, name));
            }
            string csv = Path.Combine(root, "boxes.csv"), overlays = Path.Combine(root, "overlays");

            var (code, stdout, stderr) = RfgaCli.Run("localize", "--images", images, "--backbone", "resnet18-imagenet", "--map", "mean-activation",
                "--out", csv, "--overlays", overlays);

            Assert.AreEqual(0, code, stdout + stderr);
            var lines = File.ReadAllLines(csv);
            Assert.AreEqual("ImagePath,PredictedLabel,Score,X0,Y0,X1,Y1,Tau", lines[0]);
            Assert.HasCount(scenes.Length + 1, lines);
            for (int i = 0; i < scenes.Length; i++)
            {
                var f = lines[i + 1].Split(',');
                Assert.AreEqual(Path.Combine(images, scenes[i].Name), f[0]);
                Assert.AreEqual("object", f[1]);
                Assert.AreEqual("1", f[2]);
                Assert.AreEqual("0.5", f[7]);
                var b = f[3..7].Select(v => (int)float.Parse(v, CultureInfo.InvariantCulture)).ToArray();
                var predicted = new PixelBox(b[0], b[1], b[2], b[3]);
                Assert.IsTrue(predicted.IsValid && predicted.X1 < scenes[i].Width && predicted.Y1 < scenes[i].Height, $"{scenes[i].Name}: {predicted}");
                double iou = PixelBox.Iou(predicted, scenes[i].Object);
                Assert.IsGreaterThan(0.5, iou, $"{scenes[i].Name}: box {predicted} vs object {scenes[i].Object}");
            }
            CollectionAssert.AreEqual(new[] { "00000-a.png", "00001-b.png", "00002-c.png" },
                Directory.GetFiles(overlays).Select(Path.GetFileName).Order(StringComparer.Ordinal).ToArray());
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }
    }

    [TestMethod]
    [DataRow("both", "either --model or --backbone", "--model", "{}/m.zip", "--backbone", "resnet18-imagenet")]
    [DataRow("neither", "give --model", "--out", "{}/o.csv")]
    [DataRow("weights needed", "needs --weights", "--backbone", "resnet50")]
    [DataRow("map with model", "--map goes with --backbone", "--model", "{}/m.zip", "--map", "mean-activation")]
    [DataRow("missing onnx", "ResNet18.onnx", "--backbone", "resnet18-imagenet", "--weights", "{}/nowhere")]
    public void Localize_BadZeroTrainingOptions_FailWithOneLine(string what, string expected, params string[] args)
    {
        string root = Directory.CreateTempSubdirectory("rfga-zero-bad-").FullName;
        try
        {
            string images = Path.Combine(root, "images");
            Directory.CreateDirectory(images);
            Save(TexturedScene.Make(64, 64, new PixelBox(10, 10, 40, 40), seed: 1), Path.Combine(images, "x.png"));
            File.WriteAllText(Path.Combine(root, "m.zip"), "not a model");
            var full = new[] { "localize", "--images", images }.Concat(args.Select(a => a.Replace("{}", root)));
            if (!args.Contains("--out")) full = full.Concat(["--out", Path.Combine(root, "o.csv")]);
            var (code, stdout, stderr) = RfgaCli.Run([.. full]);
            Assert.AreNotEqual(0, code, what);
            StringAssert.Contains(stderr, expected, what);
            Assert.HasCount(1, stderr.Trim().Split('\n'), $"{what}: one line\n{stderr}");
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }
    }

    [TestMethod]
    [DataRow("ImageNet weights on Tiny", "ResNet18Cntk", "--pretrained", "resnet18-imagenet")]
    [DataRow("missing checkpoint", "resnet50-0676ba61.pth", "--backbone", "ResNet50", "--pretrained", "{}/resnet50-0676ba61.pth")]
    public void Train_BadPretrainedOption_FailsWithOneLineNamingTheFix(string what, string expected, params string[] args)
    {
        string root = Directory.CreateTempSubdirectory("rfga-train-bad-").FullName;
        try
        {
            var full = new[] { "train", "--images", root, "--out", Path.Combine(root, "m.zip") }.Concat(args.Select(a => a.Replace("{}", root)));
            var (code, _, stderr) = RfgaCli.Run([.. full]);
            Assert.AreNotEqual(0, code, what);
            StringAssert.Contains(stderr, expected, what);
            Assert.HasCount(1, stderr.Trim().Split('\n'), $"{what}: one line\n{stderr}");
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }
    }

    /// <summary>Encodes an RGB image as JPEG (quality 90) or PNG by the file extension.</summary>
    private static void Save(Rfga.MLNet.Imaging.RgbImage image, string path)
    {
        var rgba = new byte[image.Width * image.Height * 4];
        for (int i = 0; i < image.Width * image.Height; i++)
        {
            rgba[4 * i] = image.Pixels[3 * i];
            rgba[4 * i + 1] = image.Pixels[3 * i + 1];
            rgba[4 * i + 2] = image.Pixels[3 * i + 2];
            rgba[4 * i + 3] = 255;
        }
        using var bitmap = new SKBitmap(new SKImageInfo(image.Width, image.Height, SKColorType.Rgba8888, SKAlphaType.Opaque));
        Marshal.Copy(rgba, 0, bitmap.GetPixels(), rgba.Length);
        var format = path.EndsWith(".png", StringComparison.OrdinalIgnoreCase) ? SKEncodedImageFormat.Png : SKEncodedImageFormat.Jpeg;
        using var data = bitmap.Encode(format, 90);
        File.WriteAllBytes(path, data.ToArray());
    }
}
