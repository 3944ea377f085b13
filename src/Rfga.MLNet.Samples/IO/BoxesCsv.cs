using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text;
using Microsoft.ML;
using Microsoft.ML.Data;

namespace Rfga.MLNet.Samples.IO;

/// <summary>
/// Writes localization results as CSV, one row per image: <c>ImagePath,PredictedLabel,Score,X0,Y0,X1,Y1,Tau</c>
/// (Score = the predicted class's probability; the box in inclusive source pixels; numbers in shortest round-trip
/// form; RFC 4180 quoting). Written to a temporary file, then moved into place.
/// </summary>
internal static class BoxesCsv
{
    /// <summary>The header line.</summary>
    public const string Header = "ImagePath,PredictedLabel,Score,X0,Y0,X1,Y1,Tau";

    /// <summary>Writes <paramref name="data"/> to <paramref name="path"/>; <paramref name="perRow"/> as in <see cref="DataViewJsonLines.Write"/>.</summary>
    public static long Write(IDataView data, string path, IReadOnlyList<string>? alsoRead = null, Func<DataViewRow, Action>? perRow = null)
    {
        var schema = data.Schema;
        DataViewSchema.Column Need(string name) => schema.GetColumnOrNull(name) ?? throw new ArgumentException($"The scored data has no column '{name}'.");
        var image = Need("ImagePath");
        var predicted = Need("PredictedLabel");
        var score = Need("Score");
        var box = Need("BoundingBox");
        var tau = Need("BoundingBoxTau");
        var active = new List<DataViewSchema.Column> { image, predicted, score, box, tau };
        foreach (var name in alsoRead ?? [])
            if (schema.GetColumnOrNull(name) is { } extra && !active.Contains(extra)) active.Add(extra);
        string[] names = [];
        if (predicted.Annotations.Schema.GetColumnOrNull("KeyValues") is not null)
        {
            VBuffer<ReadOnlyMemory<char>> kv = default;
            predicted.GetKeyValues(ref kv);
            names = kv.DenseValues().Select(v => v.ToString()).ToArray();
        }
        string tmp = path + ".tmp";
        long rows = 0;
        try
        {
            using (var writer = new StreamWriter(tmp, false, new UTF8Encoding(false)))
            using (var cursor = data.GetRowCursor(active))
            {
                writer.NewLine = "\n";
                writer.WriteLine(Header);
                var imageGetter = cursor.GetGetter<ReadOnlyMemory<char>>(image);
                var predictedGetter = cursor.GetGetter<uint>(predicted);
                var scoreGetter = cursor.GetGetter<VBuffer<float>>(score);
                var boxGetter = cursor.GetGetter<VBuffer<float>>(box);
                var tauGetter = cursor.GetGetter<float>(tau);
                var after = perRow?.Invoke(cursor);
                ReadOnlyMemory<char> path0 = default;
                VBuffer<float> scores = default, boxes = default;
                uint key = 0;
                float t = 0;
                while (cursor.MoveNext())
                {
                    imageGetter(ref path0);
                    predictedGetter(ref key);
                    scoreGetter(ref scores);
                    boxGetter(ref boxes);
                    tauGetter(ref t);
                    string label = key == 0 ? "" : key <= names.Length ? names[key - 1] : key.ToString(CultureInfo.InvariantCulture);
                    var s = scores.GetValues();
                    float p = key >= 1 && key <= s.Length ? s[(int)key - 1] : float.NaN;
                    var b = boxes.GetValues();
                    var fields = new List<string> { Quote(path0.ToString()), Quote(label), R(p) };
                    for (int i = 0; i < 4; i++) fields.Add(i < b.Length ? R(b[i]) : "");
                    fields.Add(R(t));
                    writer.WriteLine(string.Join(',', fields));
                    rows++;
                    after?.Invoke();
                }
            }
            File.Move(tmp, path, overwrite: true);
        }
        finally
        {
            if (File.Exists(tmp)) File.Delete(tmp);
        }
        return rows;
    }

    private static string R(float v) => v.ToString("R", CultureInfo.InvariantCulture);

    private static string Quote(string field) =>
        field.IndexOfAny([',', '"', '\n', '\r']) < 0 ? field : "\"" + field.Replace("\"", "\"\"") + "\"";
}
