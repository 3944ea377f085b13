using System;
using System.Collections.Generic;
using System.CommandLine;
using System.IO;
using System.Linq;
using Rfga.MLNet.Data;

namespace Rfga.MLNet.Samples.IO;

/// <summary>
/// The input options shared by train, localize, visualize and report: an image list CSV, a data set in its publisher's
/// layout (CUB-200-2011, FGVC-Aircraft, Stanford Dogs, wsolevaluation metadata) with a split, or an image folder.
/// </summary>
internal sealed class InputOptions
{
    /// <summary>Accepted <c>--layout</c> values.</summary>
    public static readonly string[] Layouts = ["csv", "cub", "aircraft", "dogs", "wsol-metadata"];

    /// <summary>Accepted <c>--split</c> values.</summary>
    public static readonly string[] Splits = ["train", "val", "test"];

    private readonly bool classFolders;

    /// <summary>Creates the options; <paramref name="classFolders"/> makes <c>--images</c> read one subfolder per class (training).</summary>
    public InputOptions(string defaultSplit, bool classFolders)
    {
        this.classFolders = classFolders;
        Data = new Option<string?>("--data")
        {
            Description = "The images: an image list CSV (--layout csv: header ImagePath[,ClassName][,X0,Y0,X1,Y1], one row per box) " +
                          "or the folder of a data set in its publisher's layout (--layout cub|aircraft|dogs|wsol-metadata).",
        };
        Layout = new Option<string>("--layout")
        {
            Description = "How --data is laid out: csv; cub (CUB_200_2011 or its parent); aircraft (fgvc-aircraft-2013b or its data/); " +
                          "dogs (Stanford Dogs: Images/, Annotation/, *_list.mat); wsol-metadata (wsolevaluation metadata/<DATASET> " +
                          "with --image-folder as the image root).",
            DefaultValueFactory = _ => "csv",
        };
        Layout.AcceptOnlyFromAmong(Layouts);
        ImageFolder = new Option<string?>("--image-folder")
        {
            Description = "csv: folder relative ImagePath values are resolved against (default: the CSV's folder); " +
                          "wsol-metadata: the folder the image ids are relative to (required there).",
        };
        Images = new Option<string?>("--images")
        {
            Description = classFolders
                ? "Instead of --data: a folder with one subfolder per class, each holding that class's images (.jpg .jpeg .png .bmp .webp)."
                : "Instead of --data: a folder of images (.jpg .jpeg .png .bmp .webp directly in it, sorted by name; no labels or boxes).",
        };
        Split = new Option<string>("--split")
        {
            Description = $"Split of a data-set layout to read: train, val or test (default {defaultSplit}; ignored for csv and --images).",
            DefaultValueFactory = _ => defaultSplit,
        };
        Split.AcceptOnlyFromAmong(Splits);
    }

    /// <summary>--data.</summary>
    public Option<string?> Data { get; }

    /// <summary>--layout.</summary>
    public Option<string> Layout { get; }

    /// <summary>--image-folder.</summary>
    public Option<string?> ImageFolder { get; }

    /// <summary>--images.</summary>
    public Option<string?> Images { get; }

    /// <summary>--split.</summary>
    public Option<string> Split { get; }

    /// <summary>Adds every option to <paramref name="command"/>.</summary>
    public void AddTo(Command command)
    {
        foreach (var option in new Option[] { Data, Layout, ImageFolder, Images, Split }) command.Options.Add(option);
    }

    /// <summary>Reads the images the options name; errors name the option, file or folder at fault.</summary>
    public InputSet Load(ParseResult parse)
    {
        string? data = parse.GetValue(Data), images = parse.GetValue(Images), folder = parse.GetValue(ImageFolder);
        string layout = parse.GetValue(Layout)!, split = parse.GetValue(Split)!;
        if (data is not null && images is not null) throw new ArgumentException("give either --data or --images, not both.");
        if (images is not null) return classFolders ? ImageFolderInput.ByClassFolder(images) : ImageFolderInput.Unlabelled(images);
        if (data is null) throw new ArgumentException("no input: give --data (an image list CSV or a data-set folder with --layout) or --images DIR.");
        return Load(layout, data, folder, split);
    }

    /// <summary>Reads <paramref name="data"/> in <paramref name="layout"/>.</summary>
    public static InputSet Load(string layout, string data, string? imageFolder, string split)
    {
        if (layout == "csv")
        {
            var rows = ReadCsv(data, imageFolder);
            return new InputSet(rows, null, Path.GetFileName(data), []);
        }
        if (!Directory.Exists(data)) throw new DirectoryNotFoundException($"--layout {layout}: data-set folder not found: '{data}'.");
        var splits = layout switch
        {
            "cub" => WsolDatasets.Cub200(data),
            "aircraft" => WsolDatasets.FgvcAircraft(data),
            "dogs" => WsolDatasets.StanfordDogs(data),
            "wsol-metadata" => WsolDatasets.WsolEvaluationMetadata(data,
                imageFolder ?? throw new ArgumentException("--layout wsol-metadata needs --image-folder (the folder the image ids are relative to).")),
            _ => throw new ArgumentException($"--layout must be one of {string.Join(", ", Layouts)}; got '{layout}'."),
        };
        var records = split switch
        {
            "train" => splits.Train,
            "val" => splits.Validation,
            _ => splits.Test,
        };
        if (records.Count == 0) throw new InvalidDataException($"{splits.Name}: the {split} split is empty.");
        var list = records.Select(r => new ImageListRow
        {
            ImagePath = r.ImagePath,
            ClassName = r.ClassName,
            Boxes = r.Boxes.SelectMany(b => new float[] { b.X0, b.Y0, b.X1, b.Y1 }).ToArray(),
        }).ToList();
        return new InputSet(list, splits.ClassNames, $"{splits.Name} {split} split", splits.Warnings);
    }

    /// <summary>Reads an image list CSV and makes its paths absolute (relative to <paramref name="imageFolder"/> or the CSV's folder).</summary>
    public static List<ImageListRow> ReadCsv(string path, string? imageFolder)
    {
        var rows = ImageListCsv.Read(path);
        string root = imageFolder ?? Path.GetDirectoryName(Path.GetFullPath(path))!;
        foreach (var r in rows) r.ImagePath = Path.GetFullPath(Path.Combine(root, r.ImagePath));
        return rows;
    }

    /// <summary>The distinct class names of <paramref name="rows"/> in order of first occurrence (empty names skipped).</summary>
    public static IReadOnlyList<string> ClassNamesOf(IEnumerable<ImageListRow> rows) =>
        rows.Select(r => r.ClassName).Where(c => c.Length > 0).Distinct(StringComparer.Ordinal).ToList();
}
