using System;
using System.Collections.Generic;
using System.IO;

namespace Rfga.MLNet.Data;

/// <summary>
/// FGVC-Aircraft 2013b as distributed (<c>fgvc-aircraft-2013b/data/</c>): the class list of the chosen level
/// (<c>variants.txt</c>, <c>families.txt</c>, <c>manufacturers.txt</c>, order as shipped), the split lists
/// <c>images_&lt;level&gt;_&lt;split&gt;.txt</c> (<c>&lt;id&gt; &lt;class name&gt;</c>, split at the first space;
/// ids are strings with leading zeros), <c>images_box.txt</c> (1-based corners) and <c>images/&lt;id&gt;.jpg</c>.
/// </summary>
internal static class FgvcAircraftReader
{
    internal const string Name = "FGVC-Aircraft";

    public static WsolSplits Read(string root, FgvcAircraftOptions options)
    {
        if (!Enum.IsDefined(options.Level))
            throw new ArgumentOutOfRangeException(nameof(options), options.Level, $"{nameof(FgvcAircraftOptions.Level)} must be one of {string.Join(", ", Enum.GetNames<AircraftAnnotationLevel>())}.");
        if (options.CropBanner && options.ImageCheck != ImageFileCheck.Size)
            throw new ArgumentException($"{nameof(FgvcAircraftOptions.CropBanner)} needs the image heights: set {nameof(WsolDatasetOptions.ImageCheck)} to {nameof(ImageFileCheck.Size)}.", nameof(options));
        string data = Locate(root);
        var builder = new WsolRecordBuilder(Name, options);
        var (classFile, level) = options.Level switch
        {
            AircraftAnnotationLevel.Family => ("families.txt", "family"),
            AircraftAnnotationLevel.Manufacturer => ("manufacturers.txt", "manufacturer"),
            _ => ("variants.txt", "variant"),
        };

        var classNames = new List<string>();
        var classIndex = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var line in ListingFile.Read(Path.Combine(data, classFile)))
        {
            if (!classIndex.TryAdd(line.Text, classNames.Count)) throw line.At.Error($"class \"{line.Text}\" is listed twice.");
            classNames.Add(line.Text);
        }
        if (classNames.Count == 0) throw new InvalidDataException($"{Name}: '{Path.Combine(data, classFile)}' lists no class.");

        var boxes = new Dictionary<string, SourcedBox>(StringComparer.Ordinal);
        foreach (var line in ListingFile.Read(Path.Combine(data, "images_box.txt")))
        {
            var f = ListingFile.Fields(line, 5, "\"<image id> <xmin> <ymin> <xmax> <ymax>\"");
            var box = PublisherBoxes.FromOneBasedCorners(
                ListingFile.Int(f[1], line.At, "xmin"), ListingFile.Int(f[2], line.At, "ymin"),
                ListingFile.Int(f[3], line.At, "xmax"), ListingFile.Int(f[4], line.At, "ymax"), line.At);
            if (!boxes.TryAdd(f[0], new SourcedBox(box, line.At))) throw line.At.Error($"image id \"{f[0]}\" has a second box.");
        }

        string imageFolder = Path.Combine(data, "images");
        if (options.ImageCheck != ImageFileCheck.None) ListingFile.RequireDirectory(imageFolder, $"{Name} image folder");
        int cropBottom = options.CropBanner ? FgvcAircraftOptions.BannerHeight : 0;

        List<WsolRecord> Split(string split)
        {
            string listPath = Path.Combine(data, $"images_{level}_{split}.txt");
            var records = new List<WsolRecord>();
            var seen = new HashSet<string>(StringComparer.Ordinal);
            foreach (var line in ListingFile.Read(listPath))
            {
                var (id, className) = ListingFile.KeyAndRest(line, "\"<image id> <class name>\"");
                if (!seen.Add(id)) throw line.At.Error($"image id \"{id}\" is listed twice.");
                if (!classIndex.TryGetValue(className, out int label)) throw line.At.Error($"class \"{className}\" is not in {classFile}.");
                if (!boxes.TryGetValue(id, out var box)) throw line.At.Error($"image id \"{id}\" has no box in images_box.txt.");
                records.Add(builder.Build(Path.Combine(imageFolder, id + ".jpg"), line.At, label, className, [box], cropBottom: cropBottom));
            }
            WsolDatasets.RequireNonEmpty(Name, split, records, listPath);
            return records;
        }

        var train = Split(options.TrainOnTrainVal ? "trainval" : "train");
        var validation = options.TrainOnTrainVal ? new List<WsolRecord>() : Split("val");
        var test = Split("test");
        return new WsolSplits(Name, classNames.AsReadOnly(), train.AsReadOnly(), validation.AsReadOnly(), test.AsReadOnly(), builder.Warnings());
    }

    /// <summary>The <c>data</c> folder: <paramref name="root"/>/data (the distributed <c>fgvc-aircraft-2013b</c>) or <paramref name="root"/> itself.</summary>
    private static string Locate(string root)
    {
        string full = Path.GetFullPath(root);
        ListingFile.RequireDirectory(full, $"{Name} folder");
        string nested = Path.Combine(full, "data");
        return Directory.Exists(nested) && !File.Exists(Path.Combine(full, "images_box.txt")) ? nested : full;
    }
}
