using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using Rfga.MLNet.Localization;

namespace Rfga.MLNet.Data;

/// <summary>
/// The clovaai/wsolevaluation metadata layout (notes/wsol-metrics.md §1): <c>&lt;metadata&gt;/{train,val,test}/</c>
/// with <c>image_ids.txt</c> (one id a line; the id is the image path relative to the image root),
/// <c>class_labels.txt</c> (<c>id,label</c>, 0-based), <c>image_sizes.txt</c> (<c>id,w,h</c>, optional) and
/// <c>localization.txt</c> (<c>id,x0,y0,x1,y1</c> inclusive 0-based, one line per box; optional for train).
/// </summary>
internal static class WsolMetadataReader
{
    internal const string Name = "wsolevaluation metadata";

    private sealed record ParsedRecord(string Id, SourceRef At, int Label, int Width, int Height, List<SourcedBox> Boxes);

    public static WsolSplits Read(string metadataFolder, string imageRoot, WsolMetadataOptions options)
    {
        metadataFolder = Path.GetFullPath(metadataFolder);
        imageRoot = Path.GetFullPath(imageRoot);
        ListingFile.RequireDirectory(metadataFolder, $"{Name} folder");
        if (options.ImageCheck != ImageFileCheck.None) ListingFile.RequireDirectory(imageRoot, $"{Name} image root");
        var builder = new WsolRecordBuilder(Name, options);

        var test = ReadSplit(Path.Combine(metadataFolder, "test"), boxesRequired: true, required: true)!;
        var train = ReadSplit(Path.Combine(metadataFolder, "train"), boxesRequired: false, required: false);
        var validation = ReadSplit(Path.Combine(metadataFolder, "val"), boxesRequired: true, required: false);
        if (train is null) builder.Warn($"{Name}: no train split ('{Path.Combine(metadataFolder, "train")}' does not exist); Train is empty.");
        var all = new[] { train, validation, test }.Where(s => s is not null).SelectMany(s => s!).ToList();

        var classNames = ClassNames(all, options.ClassNames);
        List<WsolRecord> Records(List<ParsedRecord>? parsed) => parsed is null
            ? new List<WsolRecord>()
            : parsed.Select(p => builder.Build(Path.Combine(imageRoot, p.Id), p.At, p.Label, classNames[p.Label], p.Boxes, p.Width, p.Height)).ToList();
        return new WsolSplits(Name, classNames, Records(train).AsReadOnly(), Records(validation).AsReadOnly(), Records(test).AsReadOnly(), builder.Warnings());
    }

    /// <summary>
    /// One split folder (the reference's <c>metadata_root</c>, e.g. <c>metadata/CUB/test</c>) with every image's id,
    /// label, size (0 when <c>image_sizes.txt</c> is absent) and boxes exactly as written; boxes are required.
    /// </summary>
    public static IReadOnlyList<WsolMetadataImage> ReadSplitFolder(string splitFolder)
    {
        splitFolder = Path.GetFullPath(splitFolder);
        ListingFile.RequireDirectory(splitFolder, $"{Name} split folder");
        var records = ReadSplit(splitFolder, boxesRequired: true, required: true)!;
        return records
            .Select(r => new WsolMetadataImage(r.Id, r.Label, r.Boxes.Select(b => b.Box).ToArray().AsReadOnly(), r.Width, r.Height))
            .ToList()
            .AsReadOnly();
    }

    private static List<ParsedRecord>? ReadSplit(string folder, bool boxesRequired, bool required)
    {
        if (!Directory.Exists(folder))
            return required ? throw new DirectoryNotFoundException($"{Name}: split folder not found: '{folder}'.") : null;

        string idsPath = Path.Combine(folder, "image_ids.txt");
        var records = new List<ParsedRecord>();
        var byId = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var line in ListingFile.Read(idsPath))
        {
            if (!byId.TryAdd(line.Text, records.Count)) throw line.At.Error($"image id \"{line.Text}\" is listed twice.");
            records.Add(new ParsedRecord(line.Text, line.At, -1, 0, 0, new List<SourcedBox>()));
        }
        if (records.Count == 0) throw new InvalidDataException($"{Name}: '{idsPath}' lists no image (empty split).");

        int Index(string id, SourceRef at, string file) =>
            byId.TryGetValue(id, out int i) ? i : throw at.Error($"image id \"{id}\" is not in image_ids.txt of this split ({file}).");

        string labelsPath = Path.Combine(folder, "class_labels.txt");
        foreach (var line in ListingFile.Read(labelsPath))
        {
            var f = ListingFile.Fields(line, ',', 2, "\"<image id>,<class label>\"");
            int i = Index(f[0], line.At, "class_labels.txt");
            int label = ListingFile.Int(f[1], line.At, "class label");
            if (label < 0) throw line.At.Error($"class label {label} is negative (labels are 0-based).");
            if (records[i].Label >= 0) throw line.At.Error($"image id \"{f[0]}\" has a second class label.");
            records[i] = records[i] with { Label = label };
        }
        var unlabelled = records.FirstOrDefault(r => r.Label < 0);
        if (unlabelled is not null) throw new InvalidDataException($"'{labelsPath}': image id \"{unlabelled.Id}\" ({unlabelled.At}) has no class label.");

        string sizesPath = Path.Combine(folder, "image_sizes.txt");
        if (File.Exists(sizesPath))
        {
            foreach (var line in ListingFile.Read(sizesPath))
            {
                var f = ListingFile.Fields(line, ',', 3, "\"<image id>,<width>,<height>\"");
                int i = Index(f[0], line.At, "image_sizes.txt");
                int w = ListingFile.Int(f[1], line.At, "width"), h = ListingFile.Int(f[2], line.At, "height");
                if (w < 1 || h < 1) throw line.At.Error($"image size {w}×{h} is not positive.");
                if (records[i].Width > 0) throw line.At.Error($"image id \"{f[0]}\" has a second size.");
                records[i] = records[i] with { Width = w, Height = h };
            }
        }

        string boxesPath = Path.Combine(folder, "localization.txt");
        if (File.Exists(boxesPath))
        {
            foreach (var line in ListingFile.Read(boxesPath))
            {
                var f = ListingFile.Fields(line, ',', 5, "\"<image id>,<x0>,<y0>,<x1>,<y1>\" (box localization; mask localization is not supported)");
                int i = Index(f[0], line.At, "localization.txt");
                var box = new PixelBox(ListingFile.Int(f[1], line.At, "x0"), ListingFile.Int(f[2], line.At, "y0"),
                    ListingFile.Int(f[3], line.At, "x1"), ListingFile.Int(f[4], line.At, "y1"));
                if (!box.IsValid)
                    throw line.At.Error($"image id \"{f[0]}\": box {box} is not x0y0x1y1 with non-negative coordinates, x0 ≤ x1 and y0 ≤ y1.");
                records[i].Boxes.Add(new SourcedBox(PublisherBoxes.FromZeroBasedCorners(box.X0, box.Y0, box.X1, box.Y1, line.At), line.At));
            }
            if (boxesRequired && records.FirstOrDefault(r => r.Boxes.Count == 0) is { } unboxed)
                throw new InvalidDataException($"'{boxesPath}': image id \"{unboxed.Id}\" ({unboxed.At}) has no box.");
        }
        else if (boxesRequired)
        {
            throw new FileNotFoundException($"{Name}: '{boxesPath}' not found; the {Path.GetFileName(folder)} split needs boxes.", boxesPath);
        }
        return records;
    }

    /// <summary>The given names, else the labels' image folders when they identify the labels one to one, else the label numbers.</summary>
    private static IReadOnlyList<string> ClassNames(List<ParsedRecord> all, IReadOnlyList<string>? given)
    {
        int count = all.Max(r => r.Label) + 1;
        if (given is not null)
        {
            var outOfRange = all.FirstOrDefault(r => r.Label >= given.Count);
            if (outOfRange is not null)
                throw outOfRange.At.Error($"class label {outOfRange.Label} has no name: {nameof(WsolMetadataOptions.ClassNames)} has {given.Count}.");
            return given.ToArray();
        }
        var folders = new string?[count];
        bool consistent = true;
        foreach (var r in all)
        {
            string folder = Path.GetFileName(Path.GetDirectoryName(r.Id) ?? "");
            if (folder.Length == 0 || (folders[r.Label] is { } known && known != folder)) { consistent = false; break; }
            folders[r.Label] = folder;
        }
        consistent = consistent && folders.All(f => f is not null) && folders.Distinct(StringComparer.Ordinal).Count() == count;
        return consistent
            ? folders.Select(f => f!).ToArray()
            : Enumerable.Range(0, count).Select(k => k.ToString(CultureInfo.InvariantCulture)).ToArray();
    }
}
