using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text;

namespace Rfga.MLNet.Samples.IO;

/// <summary>
/// Reads an image list CSV with a header: <c>ImagePath</c> (required), <c>ClassName</c> (optional) and the box corners
/// <c>X0,Y0,X1,Y1</c> (optional; inclusive pixels). Rows with the same path add boxes to one image, in first-seen order
/// (the layout <c>SyntheticWsolWriter</c> writes). RFC 4180 quoting. Errors name the file and line.
/// </summary>
public static class ImageListCsv
{
    /// <summary>Reads <paramref name="path"/>.</summary>
    public static List<ImageListRow> Read(string path)
    {
        if (!File.Exists(path)) throw new FileNotFoundException($"Image list not found: '{path}'.", path);
        var lines = File.ReadAllLines(path, Encoding.UTF8);
        int headerLine = Array.FindIndex(lines, l => l.Trim().Length > 0);
        if (headerLine < 0) throw new InvalidDataException($"{path}: the file is empty; expected a header with ImagePath.");
        var header = Split(lines[headerLine], path, headerLine + 1).Select(h => h.Trim()).ToList();
        int image = header.IndexOf("ImagePath"), cls = header.IndexOf("ClassName");
        int[] box = new[] { "X0", "Y0", "X1", "Y1" }.Select(h => header.IndexOf(h)).ToArray();
        if (image < 0) throw new InvalidDataException($"{path}:{headerLine + 1}: the header has no ImagePath column.");
        bool hasBoxes = box.All(i => i >= 0);
        if (!hasBoxes && box.Any(i => i >= 0)) throw new InvalidDataException($"{path}:{headerLine + 1}: give all of X0, Y0, X1, Y1 or none.");

        var rows = new List<ImageListRow>();
        var byPath = new Dictionary<string, (ImageListRow Row, List<float> Boxes)>(StringComparer.Ordinal);
        for (int n = headerLine + 1; n < lines.Length; n++)
        {
            if (lines[n].Trim().Length == 0) continue;
            var f = Split(lines[n], path, n + 1);
            if (f.Count != header.Count) throw new InvalidDataException($"{path}:{n + 1}: {f.Count} fields; the header has {header.Count}.");
            string p = f[image].Trim();
            if (p.Length == 0) throw new InvalidDataException($"{path}:{n + 1}: empty ImagePath.");
            string c = cls >= 0 ? f[cls].Trim() : "";
            if (!byPath.TryGetValue(p, out var entry))
            {
                entry = (new ImageListRow { ImagePath = p, ClassName = c }, new List<float>());
                byPath[p] = entry;
                rows.Add(entry.Row);
            }
            else if (entry.Row.ClassName != c)
            {
                throw new InvalidDataException($"{path}:{n + 1}: '{p}' was listed with class '{entry.Row.ClassName}' before, now '{c}'.");
            }
            if (!hasBoxes || box.All(i => f[i].Trim().Length == 0)) continue;
            foreach (int i in box)
            {
                if (!float.TryParse(f[i], NumberStyles.Float, CultureInfo.InvariantCulture, out float v) || !float.IsFinite(v) || v < 0)
                    throw new InvalidDataException($"{path}:{n + 1}: {header[i]} = '{f[i]}' is not a non-negative number.");
                entry.Boxes.Add(v);
            }
            int k = entry.Boxes.Count - 4;
            if (entry.Boxes[k + 2] < entry.Boxes[k] || entry.Boxes[k + 3] < entry.Boxes[k + 1])
                throw new InvalidDataException($"{path}:{n + 1}: box has X1 < X0 or Y1 < Y0.");
        }
        foreach (var (row, boxes) in byPath.Values) row.Boxes = boxes.ToArray();
        if (rows.Count == 0) throw new InvalidDataException($"{path}: no image rows after the header.");
        return rows;
    }

    private static List<string> Split(string line, string path, int lineNumber)
    {
        var fields = new List<string>();
        var field = new StringBuilder();
        bool quoted = false;
        for (int i = 0; i < line.Length; i++)
        {
            char ch = line[i];
            if (quoted)
            {
                if (ch == '"' && i + 1 < line.Length && line[i + 1] == '"') { field.Append('"'); i++; }
                else if (ch == '"') quoted = false;
                else field.Append(ch);
            }
            else if (ch == '"' && field.Length == 0) quoted = true;
            else if (ch == ',') { fields.Add(field.ToString()); field.Clear(); }
            else field.Append(ch);
        }
        if (quoted) throw new InvalidDataException($"{path}:{lineNumber}: unterminated quoted field.");
        fields.Add(field.ToString());
        return fields;
    }
}
