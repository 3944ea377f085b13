using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using Rfga.MLNet.Evaluation;
using Rfga.MLNet.Localization;
using Rfga.MLNet.Tests.Localization;

namespace Rfga.MLNet.Tests.Evaluation;

/// <summary>
/// A temporary wsolevaluation split folder (image_ids.txt, class_labels.txt, image_sizes.txt, localization.txt) and
/// a score-map folder of &lt;id&gt;.npy files, written by the test byte by byte.
/// </summary>
internal sealed class WsolFolder : IDisposable
{
    /// <summary>One image: its id (with a folder), class, predicted class, size, GT boxes and map.</summary>
    public sealed record Image(string Id, int Class, int Predicted, int Width, int Height, PixelBox[] Boxes, float[] Map, int MapWidth, int MapHeight, bool AsDouble);

    public WsolFolder()
    {
        Root = Directory.CreateTempSubdirectory("rfga-wsol-").FullName;
        Metadata = Path.Combine(Root, "metadata", "CUB", "test");
        ScoreMaps = Path.Combine(Root, "scoremaps");
        Directory.CreateDirectory(Metadata);
        Directory.CreateDirectory(ScoreMaps);
    }

    public string Root { get; }

    public string Metadata { get; }

    public string ScoreMaps { get; }

    public string Predictions => Path.Combine(Root, "predictions.txt");

    public List<Image> Images { get; } = [];

    /// <summary>Random CAM-like images of several sizes, some GT boxes past the image edge, every third map float64.</summary>
    public static WsolFolder Random(int count, int seed)
    {
        var folder = new WsolFolder();
        var rng = new Random(seed);
        for (int i = 0; i < count; i++)
        {
            int mw = rng.Next(8, 40), mh = rng.Next(8, 40);
            int w = rng.Next(20, 500), h = rng.Next(20, 500);
            var boxes = new List<PixelBox>();
            for (int b = rng.Next(1, 3); b > 0; b--)
            {
                int x0 = rng.Next(w), y0 = rng.Next(h);
                boxes.Add(new PixelBox(x0, y0, Math.Min(x0 + rng.Next(w / 2 + 1), w + 3), Math.Min(y0 + rng.Next(h / 2 + 1), h - 1)));
            }

            int cls = rng.Next(3);
            folder.Images.Add(new Image($"{cls:000}.Class_{cls}/img_{i}.jpg", cls, rng.Next(4) == 0 ? (cls + 1) % 3 : cls, w, h,
                boxes.ToArray(), CamLikeMaps.Create(rng, mw, mh), mw, mh, i % 3 == 0));
        }

        folder.Write();
        return folder;
    }

    /// <summary>Writes the four listing files, the predictions file and every map.</summary>
    public void Write()
    {
        File.WriteAllLines(Path.Combine(Metadata, "image_ids.txt"), Images.Select(i => i.Id));
        File.WriteAllLines(Path.Combine(Metadata, "class_labels.txt"), Images.Select(i => $"{i.Id},{i.Class}"));
        File.WriteAllLines(Path.Combine(Metadata, "image_sizes.txt"), Images.Select(i => $"{i.Id},{i.Width},{i.Height}"));
        File.WriteAllLines(Path.Combine(Metadata, "localization.txt"),
            Images.SelectMany(i => i.Boxes.Select(b => $"{i.Id},{b.X0},{b.Y0},{b.X1},{b.Y1}")));
        File.WriteAllLines(Predictions, Images.Select(i => $"{i.Id},{i.Predicted}"));
        foreach (Image image in Images)
        {
            string path = ScoreMapFolderEvaluator.ScoreMapPath(ScoreMaps, image.Id);
            if (image.AsDouble)
            {
                NpyBytes.WriteDouble(path, Array.ConvertAll(image.Map, v => (double)v), image.MapWidth, image.MapHeight);
            }
            else
            {
                NpyBytes.WriteSingle(path, image.Map, image.MapWidth, image.MapHeight);
            }
        }
    }

    /// <summary>The same images fed to an accumulator directly, in order, with their classes.</summary>
    public BoxAccuracyResult Direct(BoxAccuracyOptions options, bool classes)
    {
        var accumulator = new BoxAccuracyAccumulator(options);
        foreach (Image i in Images)
        {
            if (classes)
            {
                accumulator.Add(i.Map, i.MapWidth, i.MapHeight, i.Boxes, i.Width, i.Height, i.Class, i.Predicted);
            }
            else
            {
                accumulator.Add(i.Map, i.MapWidth, i.MapHeight, i.Boxes, i.Width, i.Height);
            }
        }

        return accumulator.Compute();
    }

    public void Dispose()
    {
        if (Directory.Exists(Root)) Directory.Delete(Root, recursive: true);
    }
}
