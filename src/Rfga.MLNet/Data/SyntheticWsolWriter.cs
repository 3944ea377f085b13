using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Text;

namespace Rfga.MLNet.Data;

/// <summary>
/// Writes WSOL samples to a folder: one PNG per image under <c>&lt;split&gt;/</c> and a CSV index
/// <c>&lt;split&gt;.csv</c> with header <see cref="CsvHeader"/> (invariant culture, UTF-8, '\n' line ends,
/// image paths relative to the folder with '/'). A sample with several boxes has one row per box; one without
/// boxes has one row with empty box fields. Every file is written to a temporary name, then moved into place.
/// </summary>
public static class SyntheticWsolWriter
{
    /// <summary>Header of the per-split CSV index.</summary>
    public const string CsvHeader = "ImagePath,Label,ClassName,X0,Y0,X1,Y1";

    /// <summary>Header of <c>classes.csv</c> (one row per class, in label order).</summary>
    public const string ClassesCsvHeader = "Label,ClassName";

    /// <summary>Writes <c>train/</c>, <c>train.csv</c>, <c>test/</c>, <c>test.csv</c> and <c>classes.csv</c> under <paramref name="directory"/>.</summary>
    public static void Write(SyntheticWsolDataset dataset, string directory)
    {
        ArgumentNullException.ThrowIfNull(dataset);
        ArgumentException.ThrowIfNullOrEmpty(directory);
        WriteSplit(dataset.Train, directory, "train");
        WriteSplit(dataset.Test, directory, "test");
        var classes = new StringBuilder().Append(ClassesCsvHeader).Append('\n');
        for (int k = 0; k < dataset.ClassNames.Count; k++)
            classes.Append(k.ToString(CultureInfo.InvariantCulture)).Append(',').Append(CsvField(dataset.ClassNames[k])).Append('\n');
        AtomicFile.WriteAllBytes(Path.Combine(directory, "classes.csv"), Encoding.UTF8.GetBytes(classes.ToString()));
    }

    /// <summary>
    /// Writes <paramref name="samples"/> as <c>&lt;splitName&gt;/NNNNNN.png</c> (N = index, 6+ digits) and
    /// <c>&lt;splitName&gt;.csv</c>; returns the CSV's full path. <paramref name="splitName"/> is a plain file name.
    /// </summary>
    public static string WriteSplit(IReadOnlyList<WsolSample> samples, string directory, string splitName)
    {
        ArgumentNullException.ThrowIfNull(samples);
        ArgumentException.ThrowIfNullOrEmpty(directory);
        ArgumentException.ThrowIfNullOrEmpty(splitName);
        if (splitName.IndexOfAny(Path.GetInvalidFileNameChars()) >= 0 || splitName.Contains('/') || splitName.Contains('\\') || splitName is "." or "..")
            throw new ArgumentException($"split name '{splitName}' is not a plain file name.", nameof(splitName));
        var csv = new StringBuilder().Append(CsvHeader).Append('\n');
        for (int i = 0; i < samples.Count; i++)
        {
            var s = samples[i] ?? throw new ArgumentException($"{nameof(samples)}[{i}] is null.", nameof(samples));
            string relative = $"{splitName}/{i.ToString("D6", CultureInfo.InvariantCulture)}.png";
            PngCodec.Save(Path.Combine(directory, splitName, Path.GetFileName(relative)), s.Rgb, s.Width, s.Height);
            string prefix = string.Join(',', CsvField(relative), s.Label.ToString(CultureInfo.InvariantCulture), CsvField(s.ClassName));
            if (s.Boxes.Count == 0) csv.Append(prefix).Append(",,,,\n");
            foreach (var b in s.Boxes)
                csv.Append(prefix).Append(string.Create(CultureInfo.InvariantCulture, $",{b.X0},{b.Y0},{b.X1},{b.Y1}\n"));
        }
        string csvPath = Path.GetFullPath(Path.Combine(directory, splitName + ".csv"));
        AtomicFile.WriteAllBytes(csvPath, Encoding.UTF8.GetBytes(csv.ToString()));
        return csvPath;
    }

    /// <summary>Writes one sample's image as a PNG at <paramref name="path"/> (temporary file, then move).</summary>
    public static void WritePng(WsolSample sample, string path)
    {
        ArgumentNullException.ThrowIfNull(sample);
        ArgumentException.ThrowIfNullOrEmpty(path);
        PngCodec.Save(path, sample.Rgb, sample.Width, sample.Height);
    }

    /// <summary>RFC 4180 quoting: only fields with a comma, quote or line break are quoted.</summary>
    private static string CsvField(string value) =>
        value.IndexOfAny([',', '"', '\n', '\r']) < 0 ? value : "\"" + value.Replace("\"", "\"\"") + "\"";
}
