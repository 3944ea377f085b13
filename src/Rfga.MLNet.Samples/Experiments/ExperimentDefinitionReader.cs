using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text.Json;
using Rfga.MLNet.Network;

namespace Rfga.MLNet.Samples.Experiments;

/// <summary>
/// Reads experiment definitions (JSON; docs in README "Methods and experiments"): the built-in <c>table1</c> and
/// <c>table3</c> (embedded copies of <c>Experiments/Tables/*.json</c>) or a user's file. Every error names the file and
/// the field (<c>rows[2].method</c>) with the value and what is allowed; unknown fields are errors, so typos do not
/// silently train a default row.
/// </summary>
/// <remarks>
/// <code>
/// { "name": "…", "title": "…", "layout": "methods" | "views",
///   "rows": [ { "name": "HaS S=8", "attention": "None", "views": "All", "method": "HaS",
///               "has": { "gridSize": 8, "hideProbability": 0.5, "fill": 0 },
///               "adl": { "dropRate": 0.75, "threshold": 0.9 }, "acol": { "erasingThreshold": 0.7, "headWidth": null },
///               "cutmix": { "beta": 1, "probability": 1 },
///               "paper": { "cub": { "maxBoxAcc": [δ .5, .6, .7, .8, .9], "avg": …, "mIoU": …, "top1": … } } } ] }
/// </code>
/// Only <c>name</c> and <c>attention</c> are required in a row; <c>views</c> defaults to All, <c>method</c> to Cam, option
/// objects to the original methods' settings, <c>paper</c> to none.
/// </remarks>
internal static class ExperimentDefinitionReader
{
    /// <summary>The built-in definitions (embedded resources named Rfga.MLNet.Samples.Experiments.Tables.&lt;name&gt;.json).</summary>
    public static readonly string[] BuiltIn = ["table1", "table3"];

    /// <summary>The data-set keys of <c>paper</c> objects.</summary>
    public static readonly string[] PaperDatasets = ["cub", "aircraft", "dogs"];

    private static readonly string[] TopFields = ["name", "title", "layout", "rows"];
    private static readonly string[] RowFields = ["name", "attention", "views", "method", "has", "adl", "acol", "cutmix", "paper"];
    private static readonly string[] PaperFields = ["maxBoxAcc", "avg", "mIoU", "top1"];

    /// <summary>Reads <paramref name="nameOrPath"/>: a built-in name (table1, table3) or a JSON file.</summary>
    public static ExperimentDefinition Read(string nameOrPath)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(nameOrPath);
        if (BuiltIn.Contains(nameOrPath, StringComparer.OrdinalIgnoreCase))
        {
            string name = nameOrPath.ToLowerInvariant();
            using var stream = typeof(ExperimentDefinitionReader).Assembly.GetManifestResourceStream($"Rfga.MLNet.Samples.Experiments.Tables.{name}.json")
                ?? throw new InvalidOperationException($"the built-in definition '{name}' is missing from the rfga assembly.");
            using var reader = new StreamReader(stream);
            return Parse(reader.ReadToEnd(), $"built-in {name}", name);
        }
        if (!File.Exists(nameOrPath))
            throw new FileNotFoundException($"Experiment definition not found: '{nameOrPath}' (give table1, table3 or a JSON file).", nameOrPath);
        return Parse(File.ReadAllText(nameOrPath), nameOrPath, Path.GetFileNameWithoutExtension(nameOrPath));
    }

    /// <summary>Parses a definition; <paramref name="source"/> names it in errors, <paramref name="defaultName"/> is used without "name".</summary>
    public static ExperimentDefinition Parse(string json, string source, string defaultName)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(json, new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true });
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"{source}: not valid JSON ({e.Message.Split('\n')[0]}).", e);
        }
        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object) throw Error(source, "(top level)", "must be a JSON object with \"rows\"");
            CheckFields(source, "", root, TopFields);
            string name = OptionalString(source, "name", root, "name") ?? defaultName;
            string title = OptionalString(source, "title", root, "title") ?? name;
            var layout = OptionalString(source, "layout", root, "layout") switch
            {
                null or "methods" => ExperimentLayout.Methods,
                "views" => ExperimentLayout.Views,
                var other => throw Error(source, "layout", $"'{other}' is not one of methods, views"),
            };
            if (!root.TryGetProperty("rows", out var rowsElement)) throw Error(source, "rows", "is missing");
            if (rowsElement.ValueKind != JsonValueKind.Array || rowsElement.GetArrayLength() == 0)
                throw Error(source, "rows", "must be a non-empty array of row objects");
            var rows = new List<ExperimentRow>();
            int i = 0;
            foreach (var element in rowsElement.EnumerateArray())
            {
                rows.Add(ReadRow(source, $"rows[{i}]", element));
                i++;
            }
            var duplicate = rows.GroupBy(r => r.Slug, StringComparer.Ordinal).FirstOrDefault(g => g.Count() > 1);
            if (duplicate is not null)
                throw Error(source, "rows", $"the names {string.Join(" and ", duplicate.Select(r => $"'{r.Name}'"))} give the same output folder '{duplicate.Key}'; rename one");
            return new ExperimentDefinition(name, title, layout, rows, source);
        }
    }

    private static ExperimentRow ReadRow(string source, string path, JsonElement row)
    {
        if (row.ValueKind != JsonValueKind.Object) throw Error(source, path, "must be an object");
        CheckFields(source, path + ".", row, RowFields);
        string name = OptionalString(source, path + ".name", row, "name") ?? throw Error(source, path + ".name", "is missing");
        if (name.Trim().Length == 0 || !name.Any(char.IsAsciiLetterOrDigit)) throw Error(source, path + ".name", $"'{name}' needs a letter or digit");
        string attentionText = OptionalString(source, path + ".attention", row, "attention") ?? throw Error(source, path + ".attention", "is missing");
        var attention = ParseEnum<AttentionKind>(source, path + ".attention", attentionText);
        var views = RfgaViews.All;
        if (row.TryGetProperty("views", out var v)) views = ParseViews(source, path + ".views", v);
        var method = OptionalString(source, path + ".method", row, "method") is { } m ? ParseEnum<WsolMethod>(source, path + ".method", m) : WsolMethod.Cam;

        var has = new HasOptions();
        if (Object(source, path + ".has", row, "has", ["gridSize", "hideProbability", "fill"]) is { } h)
            has = new HasOptions
            {
                GridSize = NullableInt(source, path + ".has.gridSize", h, "gridSize") ?? has.GridSize,
                HideProbability = Number(source, path + ".has.hideProbability", h, "hideProbability") ?? has.HideProbability,
                Fill = Number(source, path + ".has.fill", h, "fill") ?? has.Fill,
            };
        var adl = new AdlOptions();
        if (Object(source, path + ".adl", row, "adl", ["dropRate", "threshold"]) is { } a)
            adl = new AdlOptions
            {
                DropRate = Number(source, path + ".adl.dropRate", a, "dropRate") ?? adl.DropRate,
                Threshold = Number(source, path + ".adl.threshold", a, "threshold") ?? adl.Threshold,
            };
        var acol = new AcolOptions();
        if (Object(source, path + ".acol", row, "acol", ["erasingThreshold", "headWidth"]) is { } c)
            acol = new AcolOptions
            {
                ErasingThreshold = Number(source, path + ".acol.erasingThreshold", c, "erasingThreshold") ?? acol.ErasingThreshold,
                HeadWidth = NullableInt(source, path + ".acol.headWidth", c, "headWidth") ?? acol.HeadWidth,
            };
        var cutMix = new CutMixOptions();
        if (Object(source, path + ".cutmix", row, "cutmix", ["beta", "probability"]) is { } x)
            cutMix = new CutMixOptions
            {
                Beta = Number(source, path + ".cutmix.beta", x, "beta") ?? cutMix.Beta,
                Probability = Number(source, path + ".cutmix.probability", x, "probability") ?? cutMix.Probability,
            };
        Validate(source, path + ".has.", has.Validate);
        Validate(source, path + ".adl.", adl.Validate);
        Validate(source, path + ".acol.", acol.Validate);
        Validate(source, path + ".cutmix.", cutMix.Validate);

        var paper = new Dictionary<string, PaperFigures>(StringComparer.Ordinal);
        if (row.TryGetProperty("paper", out var p))
        {
            if (p.ValueKind != JsonValueKind.Object) throw Error(source, path + ".paper", "must be an object keyed by data set (cub, aircraft, dogs)");
            CheckFields(source, path + ".paper.", p, PaperDatasets);
            foreach (var d in p.EnumerateObject()) paper[d.Name] = ReadPaper(source, $"{path}.paper.{d.Name}", d.Value);
        }
        return new ExperimentRow(name.Trim(), attention, views, method, has, adl, acol, cutMix, paper);
    }

    private static PaperFigures ReadPaper(string source, string path, JsonElement e)
    {
        if (e.ValueKind != JsonValueKind.Object) throw Error(source, path, "must be an object with maxBoxAcc, avg, mIoU, top1");
        CheckFields(source, path + ".", e, PaperFields);
        double[]? perDelta = null;
        if (e.TryGetProperty("maxBoxAcc", out var list))
        {
            if (list.ValueKind != JsonValueKind.Array || list.GetArrayLength() != 5 || list.EnumerateArray().Any(n => n.ValueKind != JsonValueKind.Number))
                throw Error(source, path + ".maxBoxAcc", "must be 5 numbers (δ = 0.5, 0.6, 0.7, 0.8, 0.9)");
            perDelta = list.EnumerateArray().Select(n => n.GetDouble()).ToArray();
        }
        return new PaperFigures(perDelta, Number(source, path + ".avg", e, "avg"), Number(source, path + ".mIoU", e, "mIoU"), Number(source, path + ".top1", e, "top1"));
    }

    private static RfgaViews ParseViews(string source, string path, JsonElement e)
    {
        IEnumerable<string> names = e.ValueKind switch
        {
            JsonValueKind.String => e.GetString()!.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries),
            JsonValueKind.Array when e.EnumerateArray().All(x => x.ValueKind == JsonValueKind.String) => e.EnumerateArray().Select(x => x.GetString()!),
            _ => throw Error(source, path, "must be a string such as \"Channel,Width\" or an array of Channel, Height, Width, All"),
        };
        var views = (RfgaViews)0;
        foreach (string n in names) views |= ParseEnum<RfgaViews>(source, path, n);
        if (views == 0) throw Error(source, path, "names no view (Channel, Height, Width or All)");
        return views;
    }

    private static T ParseEnum<T>(string source, string path, string text) where T : struct, Enum
    {
        if (text.Length > 0 && !char.IsDigit(text[0]) && text[0] != '-' && Enum.TryParse<T>(text, ignoreCase: true, out var value) && Enum.IsDefined(value))
            return value;
        throw Error(source, path, $"'{text}' is not one of {string.Join(", ", Enum.GetNames<T>())}");
    }

    private static void Validate(string source, string prefix, Action validate)
    {
        try
        {
            validate();
        }
        catch (ArgumentOutOfRangeException e)
        {
            string field = e.ParamName is { Length: > 0 } n ? char.ToLowerInvariant(n[0]) + n[1..] : "?";
            string message = e.Message.Split('\n')[0];
            int cut = message.IndexOf(" (Parameter", StringComparison.Ordinal);
            throw Error(source, prefix + field, $"{e.ActualValue}: {(cut > 0 ? message[..cut] : message)}");
        }
    }

    private static JsonElement? Object(string source, string path, JsonElement parent, string name, string[] fields)
    {
        if (!parent.TryGetProperty(name, out var e)) return null;
        if (e.ValueKind != JsonValueKind.Object) throw Error(source, path, $"must be an object with {string.Join(", ", fields)}");
        CheckFields(source, path + ".", e, fields);
        return e;
    }

    private static string? OptionalString(string source, string path, JsonElement parent, string name)
    {
        if (!parent.TryGetProperty(name, out var e) || e.ValueKind == JsonValueKind.Null) return null;
        if (e.ValueKind != JsonValueKind.String) throw Error(source, path, $"must be a string; got {e.ValueKind.ToString().ToLowerInvariant()} {e.GetRawText()}");
        return e.GetString();
    }

    private static double? Number(string source, string path, JsonElement parent, string name)
    {
        if (!parent.TryGetProperty(name, out var e) || e.ValueKind == JsonValueKind.Null) return null;
        if (e.ValueKind != JsonValueKind.Number || !double.IsFinite(e.GetDouble())) throw Error(source, path, $"must be a number; got {e.GetRawText()}");
        return e.GetDouble();
    }

    private static int? NullableInt(string source, string path, JsonElement parent, string name)
    {
        if (!parent.TryGetProperty(name, out var e) || e.ValueKind == JsonValueKind.Null) return null;
        if (e.ValueKind != JsonValueKind.Number || !e.TryGetInt32(out int value)) throw Error(source, path, $"must be an integer or null; got {e.GetRawText()}");
        return value;
    }

    private static void CheckFields(string source, string prefix, JsonElement e, string[] allowed)
    {
        foreach (var p in e.EnumerateObject())
            if (!allowed.Contains(p.Name, StringComparer.Ordinal))
                throw Error(source, prefix + p.Name, $"is not a known field (allowed: {string.Join(", ", allowed)})");
    }

    private static InvalidDataException Error(string source, string field, string problem) =>
        new(string.Create(CultureInfo.InvariantCulture, $"{source}: {field}: {problem}."));
}
