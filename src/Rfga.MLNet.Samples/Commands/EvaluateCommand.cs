using System;
using System.Collections.Generic;
using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text;
using System.Text.Json;
using Rfga.MLNet.Evaluation;
using Rfga.MLNet.Localization;
using Rfga.MLNet.Samples.IO;

namespace Rfga.MLNet.Samples.Commands;

/// <summary>
/// <c>rfga evaluate</c>: the box metrics of a folder of score maps (<c>&lt;id&gt;.npy</c>) against a wsolevaluation
/// metadata split, bit-exact with the reference; prints a table and optionally writes JSON (docs/evaluation-json.md).
/// </summary>
internal static class EvaluateCommand
{
    /// <summary>The format tag at the top of the JSON.</summary>
    public const string Format = "rfga-wsol-evaluation/1";

    private static readonly CultureInfo C = CultureInfo.InvariantCulture;

    public static Command Create()
    {
        var metadata = CliOptions.Required("--metadata", "wsolevaluation metadata: the split folder with image_ids.txt, class_labels.txt, " +
            "image_sizes.txt and localization.txt (e.g. metadata/CUB/test), or the data set folder holding --split.");
        var scoremaps = CliOptions.Required("--scoremaps", "Folder of score maps <image id>.npy (float32 or float64, 2-D, C order; ids may contain folders).");
        var output = CliOptions.Make<string?>("--out", "JSON file to write (atomically; replaced if it exists). Schema: docs/evaluation-json.md.", null);
        var split = CliOptions.Make("--split", "Split folder used when --metadata has no image_ids.txt.", "test");
        var metric = CliOptions.Make("--metric", "Preset: maxboxacc (single contour, δ 50,60,70,80,90: the RFGA paper) or maxboxaccv2 (multi contour, δ 30,50,70).", "maxboxacc");
        metric.AcceptOnlyFromAmong("maxboxacc", "maxboxaccv2");
        var contour = CliOptions.Make<string?>("--contour", "single (largest contour, MaxBoxAcc) or multi (all contours, MaxBoxAccV2); overrides --metric.", null);
        contour.AcceptOnlyFromAmong("single", "multi");
        var iou = CliOptions.Make<string?>("--iou", "IoU thresholds δ in percent, comma-separated (default from --metric).", null);
        var step = CliOptions.Make("--tau-step", "Step of the τ grid np.arange(0, 1, step): 0.01 (100 τ, the reference's command line) or 0.001 (its training pipeline).", ThresholdGrid.EvaluationStep);
        var resize = CliOptions.Make("--gt-resize", "GT boxes to map pixels: scoremap (resize to each map's size), none (boxes already in map pixels) or fixed (the reference's literal --fixed-size square).", "scoremap");
        resize.AcceptOnlyFromAmong("scoremap", "none", "fixed");
        var fixedSize = CliOptions.Make("--fixed-size", "Side of the square GT frame of --gt-resize fixed (the reference hard-codes 224).", BoxAccuracyOptions.ReferenceResizeLength);
        var miouTau = CliOptions.Make("--miou-tau", "τ of the reported mIoU: acc50 (first argmax of BoxAcc at δ 50), accD (at δ D, one of --iou) or max (argmax of mIoU).", "acc50");
        var locTau = CliOptions.Make<double?>("--loc-tau", "Also report GT-known Loc and Top-1 Loc at this τ in [0, 1] (besides the optimal τ).", null);
        var predictions = CliOptions.Make<string?>("--predictions", "Optional '<image id>,<predicted class>' lines (format of class_labels.txt) for Top-1 Loc and Top-1 classification.", null);
        var perImage = CliOptions.Make("--per-image", "Add per-image detail to the JSON: GT boxes in map pixels, best IoU per τ, box per τ (single) or box count per τ (multi).", false);
        var threads = CliOptions.Make("--threads", "Threads reading and sweeping maps (0: one per processor). Results do not depend on it.", 0);
        var command = new Command("evaluate",
            "Evaluates the score maps of --scoremaps against the --metadata split exactly as clovaai/wsolevaluation does (bit for bit): " +
            "MaxBoxAcc per δ and their mean, the optimal τ, mIoU (at the --miou-tau τ, its maximum over τ and per image), GT-known Loc, " +
            "Top-1 Loc and Top-1 classification (with --predictions) and the BoxAcc(τ) curves. Prints a table; --out writes JSON. " +
            "Every image id needs a valid map; errors name the image id, the file and the line.")
        {
            metadata, scoremaps, output, split, metric, contour, iou, step, resize, fixedSize, miouTau, locTau, predictions, perImage, threads,
        };
        command.SetAction(parse => CliOptions.Run("evaluate", () =>
        {
            bool v2 = parse.GetValue(metric) == "maxboxaccv2";
            var options = new BoxAccuracyOptions
            {
                ContourMode = (parse.GetValue(contour) ?? (v2 ? "multi" : "single")) == "multi" ? ContourMode.Multi : ContourMode.Single,
                IouThresholds = ParsePercents(parse.GetValue(iou), v2),
                ThresholdStep = parse.GetValue(step),
                GtResizeMode = parse.GetValue(resize) switch { "none" => GtResizeMode.None, "fixed" => GtResizeMode.Fixed, _ => GtResizeMode.ScoreMap },
                FixedResizeLength = parse.GetValue(fixedSize),
                LocalizationTau = parse.GetValue(locTau),
                KeepPerImageDetail = parse.GetValue(perImage),
            };
            options.MeanIouTauRule = ParseRule(parse.GetValue(miouTau)!, options.IouThresholds);
            Check(options);
            int threadCount = parse.GetValue(threads);
            if (threadCount < 0) throw new ArgumentException($"--threads must be 0 (all processors) or more; got {threadCount}.");
            return Run(parse.GetValue(metadata)!, parse.GetValue(scoremaps)!, parse.GetValue(split)!, parse.GetValue(predictions),
                options, threadCount, parse.GetValue(output));
        }));
        return command;
    }

    private static int Run(string metadata, string scoremaps, string split, string? predictions, BoxAccuracyOptions options, int threads, string? output)
    {
        var clock = Stopwatch.StartNew();
        BoxAccuracyResult result = ScoreMapFolderEvaluator.Evaluate(metadata, scoremaps, options, predictions, split, threads);
        double seconds = clock.Elapsed.TotalSeconds;
        Console.Out.Write(Table(result, options));
        if (output is not null)
        {
            AtomicText.Write(output, Json(result, options, Path.GetFullPath(metadata), Path.GetFullPath(scoremaps)));
            Console.Out.WriteLine($"Wrote {Path.GetFullPath(output)}.");
        }

        Console.Out.WriteLine(string.Create(C, $"{result.ImageCount} images in {seconds:0.00} s."));
        return 0;
    }

    // "50,60,70" → [0.5, 0.6, 0.7]; whole percents in [1, 100].
    private static IReadOnlyList<double> ParsePercents(string? text, bool v2)
    {
        if (text is null) return v2 ? BoxAccuracyOptions.MaxBoxAccV2IouThresholds : BoxAccuracyOptions.PaperIouThresholds;
        var values = new List<double>();
        foreach (string part in text.Split(',', StringSplitOptions.TrimEntries))
        {
            if (!int.TryParse(part, NumberStyles.None, C, out int percent) || percent < 1 || percent > 100)
                throw new ArgumentException($"--iou: '{part}' is not a whole percent in [1, 100] (e.g. --iou 50,60,70).");
            values.Add(percent / 100.0);
        }
        return values;
    }

    // acc50 / acc@70 / max.
    private static MeanIouTauRule ParseRule(string text, IReadOnlyList<double> deltas)
    {
        string t = text.Trim().ToLowerInvariant();
        if (t == "max") return MeanIouTauRule.Max;
        string digits = t.StartsWith("acc@", StringComparison.Ordinal) ? t[4..] : t.StartsWith("acc", StringComparison.Ordinal) ? t[3..] : "";
        if (!int.TryParse(digits, NumberStyles.None, C, out int percent) || percent < 1 || percent > 100)
            throw new ArgumentException($"--miou-tau: '{text}' is not acc50, acc<D> or max.");
        if (!deltas.Any(d => Math.Round(d * 100) == percent))
            throw new ArgumentException($"--miou-tau {text}: δ {percent} is not among --iou ({string.Join(",", deltas.Select(d => Math.Round(d * 100).ToString(C)))}).");
        return percent == 50 ? MeanIouTauRule.Acc50 : MeanIouTauRule.AccDelta(percent / 100.0);
    }

    private static void Check(BoxAccuracyOptions options)
    {
        if (!(options.ThresholdStep > 0 && options.ThresholdStep <= 1))
            throw new ArgumentException(string.Create(C, $"--tau-step must be in (0, 1] (0.01 or 0.001); got {options.ThresholdStep}."));
        if (options.FixedResizeLength < 1)
            throw new ArgumentException($"--fixed-size must be at least 1; got {options.FixedResizeLength}.");
        if (options.LocalizationTau is double tau && !(tau >= 0 && tau <= 1))
            throw new ArgumentException(string.Create(C, $"--loc-tau must be in [0, 1]; got {tau}."));
        options.Validate();
    }

    /// <summary>The printed summary: one row per δ, then the mean, mIoU readings and localisation metrics.</summary>
    internal static string Table(BoxAccuracyResult r, BoxAccuracyOptions options)
    {
        var s = new StringBuilder();
        string metricName = r.ContourMode == ContourMode.Single ? "MaxBoxAcc (single contour)" : "MaxBoxAccV2 (multi contour)";
        s.AppendLine(string.Create(C, $"{metricName}: {r.ImageCount} images, τ step {options.ThresholdStep} ({r.Taus.Count} τ), GT resize {Name(options.GtResizeMode)}"));
        s.AppendLine("   δ   MaxBoxAcc      τ*   correct   mIoU@τ*");
        foreach (BoxAccuracyAtDelta d in r.PerDelta)
            s.AppendLine(string.Create(C, $"{d.DeltaPercent,4}   {d.MaxBoxAccuracy,9:0.0000}  {d.OptimalTau,6:0.000}  {d.CorrectAtOptimum,8}   {d.MeanIouAtOptimum,7:0.0000}"));
        s.AppendLine(string.Create(C, $"mean   {r.MeanMaxBoxAccuracy,9:0.0000}"));
        s.AppendLine(string.Create(C, $"mIoU ({r.MeanIouTauRule}) {r.MeanIou:0.0000} at τ {r.MeanIouTau:0.000}; max over τ {r.MaxMeanIou:0.0000} at τ {r.Taus[r.MaxMeanIouTauIndex]:0.000}; per image {r.PerImageMeanIou:0.0000}"));
        LocalizationAccuracy loc = r.Localization;
        s.Append(string.Create(C, $"GT-known Loc {loc.GtKnownLoc:0.0000} at τ* {loc.OptimalTau:0.000}"));
        if (loc.Top1Loc is double top1) s.Append(string.Create(C, $"; Top-1 Loc {top1:0.0000}; Top-1 cls {loc.Top1Classification:0.0000}"));
        s.AppendLine();
        if (loc.UserTau is double userTau)
        {
            s.Append(string.Create(C, $"at τ {userTau}: GT-known Loc {loc.GtKnownLocAtUserTau:0.0000}"));
            if (loc.Top1LocAtUserTau is double t) s.Append(string.Create(C, $"; Top-1 Loc {t:0.0000}"));
            s.AppendLine();
        }
        return s.ToString();
    }

    /// <summary>The JSON document of docs/evaluation-json.md; doubles in shortest round-trip form ("R", invariant culture).</summary>
    internal static string Json(BoxAccuracyResult r, BoxAccuracyOptions options, string metadata, string scoremaps)
    {
        using var stream = new MemoryStream();
        using (var w = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true }))
        {
            w.WriteStartObject();
            w.WriteString("format", Format);
            w.WriteString("metadata", metadata);
            w.WriteString("scoremaps", scoremaps);
            w.WriteStartObject("options");
            w.WriteString("contour", r.ContourMode == ContourMode.Single ? "single" : "multi");
            Number(w, "tauStep", options.ThresholdStep);
            Integers(w, "iouThresholds", r.PerDelta.Select(d => d.DeltaPercent));
            w.WriteString("gtResize", Name(options.GtResizeMode));
            w.WriteNumber("fixedSize", options.FixedResizeLength);
            w.WriteString("miouTau", r.MeanIouTauRule.ToString());
            Number(w, "locTau", options.LocalizationTau);
            w.WriteEndObject();
            w.WriteNumber("images", r.ImageCount);
            Numbers(w, "taus", r.Taus);
            w.WriteStartArray("maxBoxAcc");
            foreach (BoxAccuracyAtDelta d in r.PerDelta)
            {
                w.WriteStartObject();
                w.WriteNumber("delta", d.DeltaPercent);
                Number(w, "value", d.MaxBoxAccuracy);
                w.WriteNumber("tauIndex", d.OptimalTauIndex);
                Number(w, "tau", d.OptimalTau);
                Integers(w, "tiedTauIndices", d.TiedTauIndices);
                w.WriteNumber("correct", d.CorrectAtOptimum);
                Number(w, "meanIou", d.MeanIouAtOptimum);
                Numbers(w, "curve", d.BoxAccuracyCurve);
                Integers(w, "correctCurve", d.CorrectCurve);
                w.WriteEndObject();
            }
            w.WriteEndArray();
            Number(w, "meanMaxBoxAcc", r.MeanMaxBoxAccuracy);
            w.WriteStartObject("meanIou");
            w.WriteString("rule", r.MeanIouTauRule.ToString());
            w.WriteNumber("tauIndex", r.MeanIouTauIndex);
            Number(w, "tau", r.MeanIouTau);
            Number(w, "value", r.MeanIou);
            w.WriteEndObject();
            w.WriteStartObject("maxMeanIou");
            w.WriteNumber("tauIndex", r.MaxMeanIouTauIndex);
            Number(w, "tau", r.Taus[r.MaxMeanIouTauIndex]);
            Number(w, "value", r.MaxMeanIou);
            w.WriteEndObject();
            Number(w, "perImageMeanIou", r.PerImageMeanIou);
            Numbers(w, "meanIouCurve", r.MeanIouCurve);
            Localization(w, r.Localization);
            if (r.Images is { } images)
            {
                w.WriteStartArray("perImage");
                foreach (ImageBoxDetail image in images) Image(w, image);
                w.WriteEndArray();
            }
            w.WriteEndObject();
        }
        return Encoding.UTF8.GetString(stream.ToArray()) + "\n";
    }

    private static void Localization(Utf8JsonWriter w, LocalizationAccuracy loc)
    {
        w.WriteStartObject("localization");
        Number(w, "iouThreshold", LocalizationAccuracy.IouThreshold);
        w.WriteNumber("tauIndex", loc.OptimalTauIndex);
        Number(w, "tau", loc.OptimalTau);
        Number(w, "gtKnownLoc", loc.GtKnownLoc);
        Number(w, "top1Loc", loc.Top1Loc);
        Number(w, "top1Classification", loc.Top1Classification);
        if (loc.CorrectClassCount is int correct) w.WriteNumber("correctClassCount", correct); else w.WriteNull("correctClassCount");
        Number(w, "userTau", loc.UserTau);
        Number(w, "gtKnownLocAtUserTau", loc.GtKnownLocAtUserTau);
        Number(w, "top1LocAtUserTau", loc.Top1LocAtUserTau);
        Numbers(w, "gtKnownLocCurve", loc.GtKnownLocCurve);
        if (loc.Top1LocCurve is { } top1) Numbers(w, "top1LocCurve", top1); else w.WriteNull("top1LocCurve");
        w.WriteEndObject();
    }

    private static void Image(Utf8JsonWriter w, ImageBoxDetail image)
    {
        w.WriteStartObject();
        w.WriteString("id", image.ImageId);
        w.WriteNumber("index", image.Index);
        w.WritePropertyName("gtBoxes");
        w.WriteRawValue("[" + string.Join(",", image.GtBoxes.Select(Box)) + "]");
        Numbers(w, "iou", image.BestIou);
        w.WriteNumber("bestTauIndex", image.BestTauIndex);
        Number(w, "maxIou", image.MaxIou);
        if (image.Boxes is { } boxes)
        {
            w.WritePropertyName("boxes");
            w.WriteRawValue("[" + string.Join(",", boxes.Select(Box)) + "]");
        }
        if (image.BoxCounts is { } counts) Integers(w, "boxCounts", counts);
        if (image.TrueClass is int truth) w.WriteNumber("trueClass", truth);
        if (image.PredictedClass is int guess) w.WriteNumber("predictedClass", guess);
        w.WriteEndObject();
    }

    private static string Box(PixelBox b) => string.Create(C, $"[{b.X0},{b.Y0},{b.X1},{b.Y1}]");

    private static string Name(GtResizeMode mode) => mode switch { GtResizeMode.None => "none", GtResizeMode.Fixed => "fixed", _ => "scoremap" };

    private static string R(double value) => value.ToString("R", C);

    private static void Number(Utf8JsonWriter w, string name, double? value)
    {
        w.WritePropertyName(name);
        if (value is double v) w.WriteRawValue(R(v)); else w.WriteNullValue();
    }

    // Number arrays on one line each, so that curves stay readable.
    private static void Numbers(Utf8JsonWriter w, string name, IEnumerable<double> values)
    {
        w.WritePropertyName(name);
        w.WriteRawValue("[" + string.Join(",", values.Select(R)) + "]");
    }

    private static void Integers(Utf8JsonWriter w, string name, IEnumerable<int> values)
    {
        w.WritePropertyName(name);
        w.WriteRawValue("[" + string.Join(",", values.Select(v => v.ToString(C))) + "]");
    }
}
