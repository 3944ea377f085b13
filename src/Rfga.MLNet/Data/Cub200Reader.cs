using System;
using System.Collections.Generic;
using System.IO;

namespace Rfga.MLNet.Data;

/// <summary>
/// CUB-200-2011 as distributed (<c>CUB_200_2011/</c>): <c>images.txt</c>, <c>classes.txt</c>,
/// <c>image_class_labels.txt</c>, <c>train_test_split.txt</c>, <c>bounding_boxes.txt</c> and <c>images/</c>.
/// Ids are matched by value, so the files may list them in any order; records follow <c>images.txt</c>.
/// </summary>
internal static class Cub200Reader
{
    internal const string Name = "CUB-200-2011";
    private const string FolderName = "CUB_200_2011";

    public static WsolSplits Read(string root, WsolDatasetOptions options)
    {
        root = Locate(root);
        var builder = new WsolRecordBuilder(Name, options);

        var classNames = ReadClasses(Path.Combine(root, "classes.txt"));
        var images = new List<(int Id, string RelativePath, SourceRef At)>();
        var imageIds = new HashSet<int>();
        foreach (var line in ListingFile.Read(Path.Combine(root, "images.txt")))
        {
            var (key, path) = ListingFile.KeyAndRest(line, "\"<image id> <relative path>\"");
            int id = ListingFile.Int(key, line.At, "image id");
            if (!imageIds.Add(id)) throw line.At.Error($"image id {id} is listed twice.");
            images.Add((id, path, line.At));
        }
        if (images.Count == 0) throw new InvalidDataException($"{Name}: '{Path.Combine(root, "images.txt")}' lists no image.");

        string labelsPath = Path.Combine(root, "image_class_labels.txt");
        var labels = ReadPerImage(labelsPath, imageIds, "\"<image id> <class id>\"", 2, (fields, at) =>
        {
            int classId = ListingFile.Int(fields[1], at, "class id");
            if (classId < 1 || classId > classNames.Count) throw at.Error($"class id {classId} is not in classes.txt (1..{classNames.Count}).");
            return classId - 1;
        });
        var isTrain = ReadPerImage(Path.Combine(root, "train_test_split.txt"), imageIds, "\"<image id> <1 = train | 0 = test>\"", 2, (fields, at) =>
            fields[1] switch
            {
                "1" => true,
                "0" => false,
                _ => throw at.Error($"split flag \"{fields[1]}\" must be 1 (train) or 0 (test)."),
            });
        var boxes = ReadPerImage(Path.Combine(root, "bounding_boxes.txt"), imageIds, "\"<image id> <x> <y> <width> <height>\"", 5, (fields, at) =>
            new SourcedBox(PublisherBoxes.FromCubXywh(
                ListingFile.Double(fields[1], at, "x"), ListingFile.Double(fields[2], at, "y"),
                ListingFile.Double(fields[3], at, "width"), ListingFile.Double(fields[4], at, "height"), at), at));

        string imageFolder = Path.Combine(root, "images");
        if (options.ImageCheck != ImageFileCheck.None) ListingFile.RequireDirectory(imageFolder, $"{Name} image folder");
        var train = new List<WsolRecord>();
        var test = new List<WsolRecord>();
        foreach (var (id, relativePath, at) in images)
        {
            int label = labels[id];
            var record = builder.Build(Path.Combine(imageFolder, relativePath), at, label, classNames[label], [boxes[id]]);
            (isTrain[id] ? train : test).Add(record);
        }
        WsolDatasets.RequireNonEmpty(Name, "train", train, Path.Combine(root, "train_test_split.txt"));
        WsolDatasets.RequireNonEmpty(Name, "test", test, Path.Combine(root, "train_test_split.txt"));
        return new WsolSplits(Name, classNames, train.AsReadOnly(), Array.Empty<WsolRecord>(), test.AsReadOnly(), builder.Warnings());
    }

    /// <summary>The folder holding <c>images.txt</c>: <paramref name="root"/> itself or its <c>CUB_200_2011</c> child.</summary>
    private static string Locate(string root)
    {
        string full = Path.GetFullPath(root);
        ListingFile.RequireDirectory(full, $"{Name} folder");
        string nested = Path.Combine(full, FolderName);
        return !File.Exists(Path.Combine(full, "images.txt")) && File.Exists(Path.Combine(nested, "images.txt")) ? nested : full;
    }

    private static List<string> ReadClasses(string path)
    {
        var names = new List<string>();
        foreach (var line in ListingFile.Read(path))
        {
            var (key, name) = ListingFile.KeyAndRest(line, "\"<class id> <class name>\"");
            int id = ListingFile.Int(key, line.At, "class id");
            if (id != names.Count + 1) throw line.At.Error($"class id {id} out of sequence; expected {names.Count + 1} (ids are 1-based and consecutive).");
            names.Add(name);
        }
        if (names.Count == 0) throw new InvalidDataException($"{Name}: '{path}' lists no class.");
        return names;
    }

    /// <summary>Reads a per-image file: every id of images.txt exactly once, no other id.</summary>
    private static Dictionary<int, T> ReadPerImage<T>(string path, HashSet<int> imageIds, string expected, int fieldCount, Func<string[], SourceRef, T> parse)
    {
        var values = new Dictionary<int, T>(imageIds.Count);
        foreach (var line in ListingFile.Read(path))
        {
            var fields = ListingFile.Fields(line, fieldCount, expected);
            int id = ListingFile.Int(fields[0], line.At, "image id");
            if (!imageIds.Contains(id)) throw line.At.Error($"image id {id} is not in images.txt.");
            if (!values.TryAdd(id, parse(fields, line.At))) throw line.At.Error($"image id {id} is listed twice.");
        }
        if (values.Count != imageIds.Count)
        {
            foreach (int id in imageIds)
                if (!values.ContainsKey(id)) throw new InvalidDataException($"'{path}': image id {id} of images.txt is missing ({imageIds.Count - values.Count} missing in all).");
        }
        return values;
    }
}
