using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text;
using System.Text.Json;
using Rfga.MLNet.Samples.Figures;

namespace Rfga.MLNet.Samples.IO;

/// <summary>
/// The evaluation JSON of <c>rfga report --json</c> (and the per-method shape of the demo's results.json):
/// <c>{"format": "rfga-evaluation/1", "data": …, "methods": [{"method", "model", "images", "camTarget", "maxBoxAcc": {δ: %},
/// "optimalTau": {δ: τ}, "meanMaxBoxAcc", "perImageMeanIou", "meanIouAtOptimalTau", "maxMeanIou", "top1Classification",
/// "taus": [τ…], "boxAccCurves": {δ: [% per τ]}}]}</c>, δ keys as "0.5". Numbers in shortest round-trip form.
/// <see cref="Read"/> also takes the JSON of <c>rfga evaluate --out</c> (rfga-wsol-evaluation/1).
/// </summary>
internal static class EvaluationJson
{
    /// <summary>The format tag written at the top.</summary>
    public const string Format = "rfga-evaluation/1";

    /// <summary>Writes <paramref name="models"/> atomically (temporary file, then move).</summary>
    public static void Write(string path, string data, IReadOnlyList<EvaluatedModel> models)
    {
        var document = new Dictionary<string, object?>
        {
            ["format"] = Format,
            ["data"] = data,
            ["methods"] = models.Select(Method).ToList(),
        };
        AtomicText.Write(path, JsonSerializer.Serialize(document, new JsonSerializerOptions { WriteIndented = true }));
    }

    /// <summary>One method's object (also used by the demo's results.json).</summary>
    public static Dictionary<string, object?> Method(EvaluatedModel m)
    {
        var o = new Dictionary<string, object?>
        {
            ["method"] = m.Name,
            ["model"] = m.ModelPath,
            ["images"] = m.Images,
            ["camTarget"] = m.CamTarget,
            ["top1Classification"] = m.Top1Classification,
        };
        if (m.Metrics is { } r)
        {
            o["maxBoxAcc"] = r.PerDelta.ToDictionary(d => Key(d.Delta), d => d.MaxBoxAccuracy);
            o["optimalTau"] = r.PerDelta.ToDictionary(d => Key(d.Delta), d => d.OptimalTau);
            o["meanMaxBoxAcc"] = r.MeanMaxBoxAccuracy;
            o["perImageMeanIou"] = r.PerImageMeanIou;
            o["meanIouAtOptimalTau"] = r.MeanIou;
            o["maxMeanIou"] = r.MaxMeanIou;
            o["taus"] = r.Taus;
            o["boxAccCurves"] = r.PerDelta.ToDictionary(d => Key(d.Delta), d => d.BoxAccuracyCurve);
        }
        return o;
    }

    /// <summary>δ as a JSON key: "0.5".</summary>
    public static string Key(double delta) => delta.ToString("0.0##", CultureInfo.InvariantCulture);

    /// <summary>
    /// Reads every method with τ curves from an evaluation JSON or a demo results.json (a top-level array of methods,
    /// an object with "methods", or one method object), or from the JSON of <c>rfga evaluate --out</c> (one method named
    /// after the file). Errors name the file and the method.
    /// </summary>
    public static List<MethodCurves> Read(string path)
    {
        if (!File.Exists(path)) throw new FileNotFoundException($"Evaluation file not found: '{path}'.", path);
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(File.ReadAllText(path, Encoding.UTF8));
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"{path}: not valid JSON ({e.Message.Split('\n')[0]}).", e);
        }
        using (document)
        {
            var root = document.RootElement;
            IEnumerable<JsonElement> methods = root.ValueKind switch
            {
                JsonValueKind.Array => root.EnumerateArray(),
                JsonValueKind.Object when root.TryGetProperty("methods", out var list) && list.ValueKind == JsonValueKind.Array => list.EnumerateArray(),
                JsonValueKind.Object => [root],
                _ => throw new InvalidDataException($"{path}: expected a JSON object or array of methods."),
            };
            var result = new List<MethodCurves>();
            int index = 0;
            foreach (var m in methods)
            {
                result.Add(ReadMethod(path, m, index++));
            }
            if (result.Count == 0) throw new InvalidDataException($"{path}: no method in the file.");
            return result;
        }
    }

    private static MethodCurves ReadMethod(string path, JsonElement m, int index)
    {
        if (m.ValueKind != JsonValueKind.Object) throw new InvalidDataException($"{path}: method {index} is not a JSON object.");
        string name = m.TryGetProperty("method", out var n) && n.ValueKind == JsonValueKind.String ? n.GetString()!
            : m.TryGetProperty("name", out n) && n.ValueKind == JsonValueKind.String ? n.GetString()!
            : Path.GetFileNameWithoutExtension(path);
        if (!m.TryGetProperty("taus", out var taus) || taus.ValueKind != JsonValueKind.Array)
            throw new InvalidDataException($"{path}: method '{name}' has no τ grid (\"taus\"); write the file with 'rfga report --json', " +
                                           "'rfga evaluate --out' or a current 'rfga demo'.");
        var tauValues = Numbers(path, name, "taus", taus);
        var list = new List<KeyValuePair<double, IReadOnlyList<double>>>();
        if (m.TryGetProperty("boxAccCurves", out var curves) && curves.ValueKind == JsonValueKind.Object)
        {
            foreach (var p in curves.EnumerateObject())
            {
                if (!double.TryParse(p.Name, NumberStyles.Float, CultureInfo.InvariantCulture, out double delta))
                    throw new InvalidDataException($"{path}: method '{name}': boxAccCurves key '{p.Name}' is not a δ such as \"0.5\".");
                list.Add(new(delta, Curve(path, name, $"boxAccCurves[{p.Name}]", p.Value, tauValues.Length)));
            }
        }
        else if (m.TryGetProperty("maxBoxAcc", out var perDelta) && perDelta.ValueKind == JsonValueKind.Array)
        {
            // 'rfga evaluate --out' (rfga-wsol-evaluation/1): maxBoxAcc = [{delta: percent, curve: [...]}, ...].
            int i = 0;
            foreach (var d in perDelta.EnumerateArray())
            {
                if (d.ValueKind != JsonValueKind.Object || !d.TryGetProperty("delta", out var deltaValue) || deltaValue.ValueKind != JsonValueKind.Number
                    || !d.TryGetProperty("curve", out var curve))
                    throw new InvalidDataException($"{path}: method '{name}': maxBoxAcc[{i}] needs \"delta\" and \"curve\".");
                double delta = deltaValue.GetDouble();
                list.Add(new(delta > 1 ? delta / 100.0 : delta, Curve(path, name, $"maxBoxAcc[{i}].curve", curve, tauValues.Length)));
                i++;
            }
        }
        else
        {
            throw new InvalidDataException($"{path}: method '{name}' has no τ curves (\"boxAccCurves\" or \"maxBoxAcc[].curve\").");
        }
        if (list.Count == 0) throw new InvalidDataException($"{path}: method '{name}' has an empty list of τ curves.");
        return new MethodCurves(name, tauValues, list.OrderBy(kv => kv.Key).ToList());
    }

    private static double[] Curve(string path, string method, string field, JsonElement array, int tauCount)
    {
        var values = Numbers(path, method, field, array);
        if (values.Length != tauCount)
            throw new InvalidDataException($"{path}: method '{method}': {field} has {values.Length} values for {tauCount} τ.");
        return values;
    }

    private static double[] Numbers(string path, string method, string field, JsonElement array)
    {
        if (array.ValueKind != JsonValueKind.Array) throw new InvalidDataException($"{path}: method '{method}': {field} is not an array.");
        var values = new double[array.GetArrayLength()];
        int i = 0;
        foreach (var v in array.EnumerateArray())
        {
            if (v.ValueKind != JsonValueKind.Number) throw new InvalidDataException($"{path}: method '{method}': {field}[{i}] is not a number.");
            values[i++] = v.GetDouble();
        }
        return values;
    }
}
