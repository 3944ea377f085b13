using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using Rfga.MLNet.Data;

namespace Rfga.MLNet.Evaluation;

/// <summary>
/// Evaluates a folder of score maps saved by the reference (<c>&lt;root&gt;/&lt;image id&gt;.npy</c>, float32 or
/// float64, 2-D) against a wsolevaluation metadata split, as its <c>evaluation.py</c> does, without Python.
/// </summary>
/// <remarks>
/// Every id of <c>image_ids.txt</c> needs a map: a missing map, a map that is not a valid 2-D float .npy, a map
/// with NaN or values outside [0, 1], and (unless GT boxes are used as given) an image without a size in
/// <c>image_sizes.txt</c> are errors naming the image id; nothing is skipped. Maps are read and swept in
/// parallel; the result does not depend on the thread count.
/// </remarks>
public static class ScoreMapFolderEvaluator
{
    [ThreadStatic]
    private static double[]? t_map;

    /// <summary>Evaluates every image of the split.</summary>
    /// <param name="metadataFolder">The split folder (with <c>image_ids.txt</c>, e.g. <c>metadata/CUB/test</c>), or a
    /// dataset folder holding <paramref name="split"/>.</param>
    /// <param name="scoreMapFolder">The folder of <c>&lt;image id&gt;.npy</c> files.</param>
    /// <param name="options">Metric options; null for the defaults (the paper's MaxBoxAcc).</param>
    /// <param name="predictionsFile">Optional <c>&lt;image id&gt;,&lt;predicted class&gt;</c> lines (the format of
    /// <c>class_labels.txt</c>) for Top-1 Loc and Top-1 classification; every id needs one.</param>
    /// <param name="split">The split used when <paramref name="metadataFolder"/> has no <c>image_ids.txt</c> (default "test").</param>
    /// <param name="maxDegreeOfParallelism">Threads; ≤ 0 for one per processor.</param>
    public static BoxAccuracyResult Evaluate(string metadataFolder, string scoreMapFolder, BoxAccuracyOptions? options = null,
        string? predictionsFile = null, string split = "test", int maxDegreeOfParallelism = 0)
    {
        ArgumentException.ThrowIfNullOrEmpty(metadataFolder);
        ArgumentException.ThrowIfNullOrEmpty(scoreMapFolder);
        options ??= new BoxAccuracyOptions();
        var accumulator = new BoxAccuracyAccumulator(options);
        string splitFolder = ResolveSplitFolder(metadataFolder, split);
        IReadOnlyList<WsolMetadataImage> images = WsolDatasets.WsolEvaluationSplit(splitFolder);
        string root = Path.GetFullPath(scoreMapFolder);
        if (!Directory.Exists(root))
        {
            throw new DirectoryNotFoundException($"Score map folder not found: '{root}'.");
        }

        if (options.GtResizeMode != GtResizeMode.None)
        {
            foreach (WsolMetadataImage image in images)
            {
                if (image.Width < 1 || image.Height < 1)
                {
                    throw new InvalidDataException(
                        $"'{Path.Combine(splitFolder, "image_sizes.txt")}' gives no size for image id \"{image.ImageId}\"; the GT resize " +
                        $"({options.GtResizeMode}) needs every image's size (use {nameof(GtResizeMode)}.{nameof(GtResizeMode.None)} for boxes in map pixels).");
                }
            }
        }

        int[]? predicted = predictionsFile is null ? null : ReadPredictions(predictionsFile, images);
        accumulator.AddRange(images.Count, i => Load(images[i], root, predicted?[i]), maxDegreeOfParallelism);
        return accumulator.Compute();
    }

    /// <summary>The .npy path of an image id: <c>&lt;root&gt;/&lt;id&gt;.npy</c> (the id keeps its extension, as in the reference).</summary>
    public static string ScoreMapPath(string scoreMapFolder, string imageId) => Path.Combine(scoreMapFolder, imageId + ".npy");

    private static string ResolveSplitFolder(string metadataFolder, string split)
    {
        string folder = Path.GetFullPath(metadataFolder);
        if (File.Exists(Path.Combine(folder, "image_ids.txt")) || !Directory.Exists(Path.Combine(folder, split)))
        {
            return folder;
        }

        return Path.Combine(folder, split);
    }

    // Reads the map of one image into this thread's buffer (the accumulator scores it before this thread loads another).
    private static ScoreMapSample Load(WsolMetadataImage image, string root, int? predictedClass)
    {
        string path = ScoreMapPath(root, image.ImageId);
        if (!File.Exists(path))
        {
            throw new FileNotFoundException($"Image id \"{image.ImageId}\" has no score map: '{path}' not found.", path);
        }

        double[] buffer = t_map ?? Array.Empty<double>();
        NpyReader.ReadMatrix(path, ref buffer, out int rows, out int columns);
        t_map = buffer;
        return new ScoreMapSample(buffer.AsMemory(0, rows * columns), columns, rows, image.Boxes, image.Width, image.Height)
        {
            ImageId = image.ImageId,
            TrueClass = predictedClass is null ? null : image.ClassIndex,
            PredictedClass = predictedClass,
        };
    }

    // One "<id>,<class>" line per image of the split, any order; errors name the file and line.
    private static int[] ReadPredictions(string path, IReadOnlyList<WsolMetadataImage> images)
    {
        var index = new Dictionary<string, int>(images.Count, StringComparer.Ordinal);
        for (int i = 0; i < images.Count; i++)
        {
            index[images[i].ImageId] = i;
        }

        var predicted = new int[images.Count];
        Array.Fill(predicted, -1);
        foreach (ListingLine line in ListingFile.Read(Path.GetFullPath(path)))
        {
            string[] fields = ListingFile.Fields(line, ',', 2, "\"<image id>,<predicted class>\"");
            if (!index.TryGetValue(fields[0], out int i))
            {
                throw line.At.Error($"image id \"{fields[0]}\" is not in the split's image_ids.txt.");
            }

            int label = ListingFile.Int(fields[1], line.At, "predicted class");
            if (label < 0)
            {
                throw line.At.Error(string.Create(CultureInfo.InvariantCulture, $"predicted class {label} is negative (classes are 0-based)."));
            }

            if (predicted[i] >= 0)
            {
                throw line.At.Error($"image id \"{fields[0]}\" has a second prediction.");
            }

            predicted[i] = label;
        }

        int missing = Array.IndexOf(predicted, -1);
        if (missing >= 0)
        {
            throw new InvalidDataException($"'{Path.GetFullPath(path)}' has no prediction for image id \"{images[missing].ImageId}\".");
        }

        return predicted;
    }
}
