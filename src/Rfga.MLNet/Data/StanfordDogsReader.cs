using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Xml;
using System.Xml.Linq;

namespace Rfga.MLNet.Data;

/// <summary>
/// Stanford Dogs as distributed (images.tar, annotation.tar and lists.tar unpacked into one folder):
/// <c>Images/&lt;wnid-Breed&gt;/&lt;wnid_N&gt;.jpg</c>, <c>Annotation/&lt;wnid-Breed&gt;/&lt;wnid_N&gt;</c> (PASCAL-VOC-style
/// XML with <c>&lt;size&gt;</c> and one or more <c>&lt;object&gt;&lt;bndbox&gt;</c>), and the MATLAB 5 lists
/// <c>train_list.mat</c> and <c>test_list.mat</c> (<c>file_list</c>, <c>annotation_list</c>, <c>labels</c>, 1-based).
/// Class k is named after the folder of its images (<c>n02085620-Chihuahua</c>).
/// </summary>
internal static class StanfordDogsReader
{
    internal const string Name = "Stanford Dogs";

    private sealed record Entry(string ImageRelative, string AnnotationRelative, int Label, SourceRef At);

    public static WsolSplits Read(string root, WsolDatasetOptions options)
    {
        root = Path.GetFullPath(root);
        ListingFile.RequireDirectory(root, $"{Name} folder");
        var builder = new WsolRecordBuilder(Name, options);
        var trainEntries = ReadList(Path.Combine(root, "train_list.mat"));
        var testEntries = ReadList(Path.Combine(root, "test_list.mat"));

        // Class names: the image folder of each label, which must be the same for all its images.
        int classCount = trainEntries.Concat(testEntries).Max(e => e.Label);
        var classNames = new string?[classCount];
        var firstSeen = new SourceRef[classCount];
        foreach (var entry in trainEntries.Concat(testEntries))
        {
            string folder = FolderOf(entry.ImageRelative, entry.At);
            ref string? known = ref classNames[entry.Label - 1];
            if (known is null)
            {
                known = folder;
                firstSeen[entry.Label - 1] = entry.At;
            }
            else if (known != folder)
            {
                throw entry.At.Error($"label {entry.Label} has image folder \"{folder}\", but {firstSeen[entry.Label - 1]} gave it \"{known}\".");
            }
        }
        for (int k = 0; k < classCount; k++)
            if (classNames[k] is null) throw new InvalidDataException($"{Name}: labels run to {classCount} but no image has label {k + 1}, so its class has no name.");
        var names = classNames.Select(n => n!).ToArray();
        var nameOwner = new Dictionary<string, int>(StringComparer.Ordinal);
        for (int k = 0; k < names.Length; k++)
            if (!nameOwner.TryAdd(names[k], k)) throw new InvalidDataException($"{Name}: labels {nameOwner[names[k]] + 1} and {k + 1} share the image folder \"{names[k]}\".");

        string imageFolder = Path.Combine(root, "Images");
        string annotationFolder = Path.Combine(root, "Annotation");
        ListingFile.RequireDirectory(annotationFolder, $"{Name} annotation folder");
        if (options.ImageCheck != ImageFileCheck.None) ListingFile.RequireDirectory(imageFolder, $"{Name} image folder");

        List<WsolRecord> Records(List<Entry> entries)
        {
            var records = new List<WsolRecord>(entries.Count);
            foreach (var entry in entries)
            {
                string annotation = Path.Combine(annotationFolder, entry.AnnotationRelative);
                var (width, height, boxes) = ReadAnnotation(annotation);
                records.Add(builder.Build(Path.Combine(imageFolder, entry.ImageRelative), entry.At, entry.Label - 1, names[entry.Label - 1],
                    boxes, width, height));
            }
            return records;
        }

        var train = Records(trainEntries);
        var test = Records(testEntries);
        return new WsolSplits(Name, Array.AsReadOnly(names), train.AsReadOnly(), Array.Empty<WsolRecord>(), test.AsReadOnly(), builder.Warnings());
    }

    /// <summary>The entries of one list; entry i (1-based) is the i-th element of its three variables.</summary>
    private static List<Entry> ReadList(string path)
    {
        var mat = MatFile.Read(path);
        var files = mat.Strings("file_list");
        var annotations = mat.Strings("annotation_list");
        var labels = mat.Numbers("labels");
        if (files.Count != annotations.Count || files.Count != labels.Length)
            throw new InvalidDataException($"MAT-file '{path}': file_list has {files.Count} entries, annotation_list {annotations.Count}, labels {labels.Length}; they must match.");
        if (files.Count == 0) throw new InvalidDataException($"{Name}: '{path}' lists no image (empty split).");
        var entries = new List<Entry>(files.Count);
        for (int i = 0; i < files.Count; i++)
        {
            var at = new SourceRef(path, i + 1, "entry");
            double label = labels[i];
            if (label < 1 || label != Math.Floor(label) || label > int.MaxValue)
                throw at.Error($"label {label.ToString(CultureInfo.InvariantCulture)} is not a 1-based integer class.");
            if (string.IsNullOrWhiteSpace(files[i])) throw at.Error("file_list is empty.");
            if (string.IsNullOrWhiteSpace(annotations[i])) throw at.Error("annotation_list is empty.");
            entries.Add(new Entry(files[i], annotations[i], (int)label, at));
        }
        return entries;
    }

    private static string FolderOf(string relative, SourceRef at)
    {
        int slash = relative.IndexOfAny(['/', '\\']);
        return slash > 0 ? relative[..slash] : throw at.Error($"file_list entry \"{relative}\" has no breed folder.");
    }

    /// <summary>Size (0 when absent or 0) and every object box of one annotation file; errors name the file and line.</summary>
    private static (int Width, int Height, List<SourcedBox> Boxes) ReadAnnotation(string path)
    {
        if (!File.Exists(path)) throw new FileNotFoundException($"{Name}: annotation file not found: '{path}'.", path);
        XDocument document;
        try
        {
            document = XDocument.Load(path, LoadOptions.SetLineInfo);
        }
        catch (XmlException e)
        {
            throw new InvalidDataException($"'{path}', line {e.LineNumber}: not well-formed XML ({e.Message}).", e);
        }
        var rootElement = document.Root!;
        var file = new SourceRef(path, 0);
        int width = 0, height = 0;
        if (rootElement.Element("size") is { } size)
        {
            width = Int(size, "width", path, optional: true);
            height = Int(size, "height", path, optional: true);
        }
        var boxes = new List<SourcedBox>();
        foreach (var obj in rootElement.Elements("object"))
        {
            var bndbox = obj.Element("bndbox") ?? throw At(obj, path).Error("<object> without <bndbox>.");
            var at = At(bndbox, path);
            boxes.Add(new SourcedBox(PublisherBoxes.FromZeroBasedCorners(
                Int(bndbox, "xmin", path), Int(bndbox, "ymin", path), Int(bndbox, "xmax", path), Int(bndbox, "ymax", path), at), at));
        }
        if (boxes.Count == 0) throw file.Error("no <object> with a <bndbox>.");
        return (width, height, boxes);
    }

    private static SourceRef At(XObject node, string path) => new(path, ((IXmlLineInfo)node).HasLineInfo() ? ((IXmlLineInfo)node).LineNumber : 0);

    private static int Int(XElement parent, string name, string path, bool optional = false)
    {
        var element = parent.Element(name);
        if (element is null)
            return optional ? 0 : throw At(parent, path).Error($"<{parent.Name}> without <{name}>.");
        // Integers; one written with a decimal point ("12.0") is accepted.
        string text = element.Value.Trim();
        var at = At(element, path);
        if (int.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out int value)) return value;
        double number = ListingFile.Double(text, at, $"<{name}>");
        if (number != Math.Floor(number) || number < int.MinValue || number > int.MaxValue) throw at.Error($"<{name}> \"{text}\" is not an integer.");
        return (int)number;
    }
}
