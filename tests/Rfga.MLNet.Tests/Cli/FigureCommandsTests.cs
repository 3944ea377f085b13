using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.VisualStudio.TestTools.UnitTesting;
using Rfga.MLNet.Localization;
using Rfga.MLNet.Tests.Data;
using Rfga.MLNet.Visualization;

namespace Rfga.MLNet.Tests.Cli;

/// <summary>
/// train, localize, visualize and report through the rfga command line (child processes) on one tiny synthetic data set,
/// with two models trained once for the class: RFGA w/ R and plain CAM. The produced PNGs are read back and checked pixel by pixel.
/// </summary>
[TestClass]
public sealed class FigureCommandsTests
{
    private static CliWorkspace work = null!;
    private static string rfga = "", cam = "", trainOutput = "";
    private static (string Html, string Json)? report;

    [ClassInitialize]
    public static void TrainModels(TestContext context)
    {
        work = new CliWorkspace();
        rfga = work.PathOf("rfga.zip");
        cam = work.PathOf("cam.zip");
        trainOutput = work.Train(rfga, "--log-every", "2");
        work.Train(cam, "--attention", "None");
    }

    [ClassCleanup]
    public static void DeleteWorkspace() => work?.Dispose();

    private static (byte R, byte G, byte B) At(byte[] rgb, int width, int x, int y)
    {
        int o = (y * width + x) * 3;
        return (rgb[o], rgb[o + 1], rgb[o + 2]);
    }

    private static bool OnBorder(PixelBox b, int x, int y) =>
        x >= b.X0 && x <= b.X1 && y >= b.Y0 && y <= b.Y1 && (x == b.X0 || x == b.X1 || y == b.Y0 || y == b.Y1);

    [TestMethod]
    public void Train_RedirectedOutput_PlainProgressLinesAndModelWithoutLeftoverCheckpoint()
    {
        // 32 images, batch 8: 4 steps; --log-every 2 adds a line at step 2; the epoch line closes the epoch.
        StringAssert.Matches(trainOutput, new Regex(@"epoch   1/1  step 2/4  loss \d\.\d{4}  lr 0\.01  [\d.]+ img/s  ETA \d\d:\d\d:\d\d"));
        StringAssert.Matches(trainOutput, new Regex(@"epoch   1/1  loss \d\.\d{4}  lr 0\.01  [\d.]+ img/s  ETA 00:00:00"));
        Assert.IsFalse(trainOutput.Contains('\u001b'), "no ANSI escape codes when output is redirected");
        Assert.IsFalse(trainOutput.Contains('\r'), "no carriage returns when output is redirected");
        Assert.IsTrue(File.Exists(rfga));
        Assert.IsFalse(Directory.Exists(rfga + ".checkpoint"), "the default checkpoint folder is removed after success");
    }

    [TestMethod]
    public void Localize_CsvWithOverlays_BoxOutlinesAtTheirCoordinates()
    {
        string csv = work.PathOf("boxes.csv"), overlays = work.PathOf("overlays-boxes");
        CliWorkspace.Succeed("localize", "--model", rfga, "--data", work.TestCsv, "--out", csv, "--overlays", overlays, "--overlay-size", "128");
        var lines = File.ReadAllLines(csv);
        Assert.AreEqual("ImagePath,PredictedLabel,Score,X0,Y0,X1,Y1,Tau", lines[0]);
        Assert.AreEqual(work.Dataset.Test.Count + 1, lines.Length);
        const int scale = 4;   // 128 / 32
        for (int i = 0; i < work.Dataset.Test.Count; i++)
        {
            var f = lines[i + 1].Split(',');
            StringAssert.EndsWith(f[0], $"{i:D6}.png");
            var p = new PixelBox(Int(f[3]), Int(f[4]), Int(f[5]), Int(f[6]));
            var gt = work.Dataset.Test[i].Boxes[0];
            var (rgb, width, height) = PngTestReader.Read(Path.Combine(overlays, $"{i:D5}-{i:D6}.png"));
            Assert.AreEqual(32 * scale, width);
            Assert.AreEqual(32 * scale, height);
            for (int y = 0; y < height; y++)
                for (int x = 0; x < width; x++)
                {
                    int sx = x / scale, sy = y / scale;
                    if (OnBorder(p, sx, sy)) Assert.AreEqual(OverlayRenderer.PredictionColor, At(rgb, width, x, y), $"image {i}: predicted outline at ({sx}, {sy})");
                    else if (OnBorder(gt, sx, sy)) Assert.AreEqual(OverlayRenderer.GroundTruthColor, At(rgb, width, x, y), $"image {i}: ground-truth outline at ({sx}, {sy})");
                    else Assert.AreNotEqual(OverlayRenderer.PredictionColor, At(rgb, width, x, y), $"image {i}: stray green at ({sx}, {sy})");
                }
        }

        static int Int(string s) => (int)float.Parse(s, CultureInfo.InvariantCulture);
    }

    [TestMethod]
    public void Localize_ImageFolderFullHeat_HottestOverlayPixelAtCamMaximum()
    {
        string jsonl = work.PathOf("all.jsonl"), overlays = work.PathOf("overlays-heat");
        CliWorkspace.Succeed("localize", "--model", rfga, "--images", work.TestFolder, "--out", jsonl, "--all-columns",
            "--overlays", overlays, "--overlay-size", "64", "--heat-alpha", "1");
        var rows = File.ReadAllLines(jsonl);
        Assert.AreEqual(work.Dataset.Test.Count, rows.Length);
        var hottest = HeatmapColormap.Map(1f);
        for (int i = 0; i < rows.Length; i++)
        {
            using var doc = JsonDocument.Parse(rows[i]);
            var camValues = doc.RootElement.GetProperty("Cam").EnumerateArray().Select(v => v.GetDouble()).ToArray();
            var b = doc.RootElement.GetProperty("BoundingBox").EnumerateArray().Select(v => (int)v.GetDouble()).ToArray();
            var box = new PixelBox(b[0], b[1], b[2], b[3]);
            var (rgb, width, _) = PngTestReader.Read(Path.Combine(overlays, $"{i:D5}-{i:D6}.png"));
            int argmax = Array.IndexOf(camValues, camValues.Max());
            int hot = 0;
            for (int sy = 0; sy < 32; sy++)
                for (int sx = 0; sx < 32; sx++)
                {
                    var colour = At(rgb, width, 2 * sx, 2 * sy);
                    if (OnBorder(box, sx, sy)) continue;
                    // Full opacity: every pixel off the outline is exactly the jet colour of its CAM value.
                    Assert.AreEqual(HeatmapColormap.Map((float)camValues[sy * 32 + sx]), colour, $"image {i} ({sx}, {sy})");
                    if (colour == hottest)
                    {
                        hot++;
                        Assert.IsTrue(camValues[sy * 32 + sx] >= 0.99, $"image {i}: hottest colour at ({sx}, {sy}) where the CAM is {camValues[sy * 32 + sx]}");
                    }
                }
            if (!OnBorder(box, argmax % 32, argmax / 32))
                Assert.AreEqual(hottest, At(rgb, width, 2 * (argmax % 32), 2 * (argmax / 32)), $"image {i}: the CAM maximum shows the hottest colour");
            Assert.IsTrue(hot > 0 || OnBorder(box, argmax % 32, argmax / 32), $"image {i}: no hottest pixel");
        }
    }

    [TestMethod]
    public void VisualizeTauCurves_DemoAndEvaluateJson_MarkersAtEachMethodsOptimalTau()
    {
        var taus = Enumerable.Range(0, 100).Select(i => i * 0.01).ToArray();
        double[] Bump(double peak, double height) => taus.Select(t => Math.Round(height * Math.Exp(-0.5 * Math.Pow((t - peak) / 0.1, 2)), 4)).ToArray();
        var methods = new object[]
        {
            new { method = "RFGA w/ R", taus, boxAccCurves = new Dictionary<string, double[]> { ["0.5"] = Bump(0.42, 80), ["0.7"] = Bump(0.45, 30) } },
            new { method = "CAM", taus, boxAccCurves = new Dictionary<string, double[]> { ["0.5"] = Bump(0.61, 65), ["0.7"] = Bump(0.6, 20) } },
        };
        // The shape of 'rfga evaluate --out': one method, δ in percent, curves under maxBoxAcc[].curve.
        var evaluation = new { format = "rfga-wsol-evaluation/1", taus, maxBoxAcc = new[] { new { delta = 50, value = 55.0, curve = Bump(0.3, 55) } } };
        string json = work.PathOf("demo-results.json"), evaluated = work.PathOf("scoremaps-eval.json"), png = work.PathOf("tau.png");
        File.WriteAllText(json, JsonSerializer.Serialize(methods));
        File.WriteAllText(evaluated, JsonSerializer.Serialize(evaluation));
        string stdout = CliWorkspace.Succeed("visualize", "tau-curves", "--input", json, "--input", evaluated, "--out", png);
        StringAssert.Contains(stdout, "RFGA w/ R δ=0.5: max 80.00% at τ 0.42");
        StringAssert.Contains(stdout, "CAM δ=0.5: max 65.00% at τ 0.61");
        StringAssert.Contains(stdout, "scoremaps-eval δ=0.5: max 55.00% at τ 0.30");

        var (rgb, width, height) = PngTestReader.Read(png);
        var options = new TauCurvePlotOptions();
        Assert.AreEqual((options.Width, options.Height), (width, height));
        int ink = Enumerable.Range(0, width * height).Count(i => At(rgb, width, i % width, i / width) != TauCurvePlot.Background);
        Assert.IsTrue(ink > width * height / 50, $"only {ink} non-background pixels");
        foreach (var (tau, acc, colour) in new[] { (0.42, 80.0, TauCurvePlot.Palette[0]), (0.61, 65.0, TauCurvePlot.Palette[1]), (0.3, 55.0, TauCurvePlot.Palette[2]) })
        {
            var (x, y) = TauCurvePlot.PixelOf(tau, acc, options);
            foreach (var (dx, dy) in new[] { (0, 0), (3, 3), (-3, 3), (3, -3), (-3, -3) })
                Assert.AreEqual(colour, At(rgb, width, x + dx, y + dy), $"marker of the curve peaking at τ {tau}, offset ({dx}, {dy})");
        }
    }

    [TestMethod]
    public void VisualizeOverlaysAndAttention_TwoModels_GridAndLabelledPanels()
    {
        string grid = work.PathOf("fig3.png");
        CliWorkspace.Succeed("visualize", "overlays", "--model", $"RFGA={rfga}", "--model", $"CAM={cam}", "--data", work.TestCsv,
            "--count", "2", "--size", "64", "--out", grid);
        var (rgb, width, height) = PngTestReader.Read(grid);
        int gap = OverlayGrid.Gap, strip = OverlayGrid.TextStripHeight;
        Assert.AreEqual(gap + 2 * (64 + gap), width);
        Assert.AreEqual(gap + strip + 2 * (64 + strip + gap), height);
        for (int r = 0; r < 2; r++)
            for (int c = 0; c < 2; c++)
            {
                int left = gap + c * (64 + gap), top = gap + strip + r * (64 + strip + gap);
                var colours = new HashSet<(byte, byte, byte)>();
                for (int y = top; y < top + 64; y++)
                    for (int x = left; x < left + 64; x++) colours.Add(At(rgb, width, x, y));
                Assert.IsTrue(colours.Contains(OverlayRenderer.PredictionColor), $"cell ({r}, {c}) has a predicted box");
                Assert.IsTrue(colours.Contains(OverlayRenderer.GroundTruthColor) || colours.Count > 20, $"cell ({r}, {c})");
            }

        string withAttention = work.PathOf("fig5.png"), without = work.PathOf("fig5-cam.png");
        string stdout = CliWorkspace.Succeed("visualize", "attention", "--model", rfga, "--image", Path.Combine(work.TestFolder, "000000.png"),
            "--size", "48", "--out", withAttention);
        StringAssert.Contains(stdout, "attention present");
        CliWorkspace.Succeed("visualize", "attention", "--model", cam, "--data", work.TestCsv, "--index", "1", "--size", "48", "--out", without);
        var (a, aw, ah) = PngTestReader.Read(withAttention);
        var (b, bw, _) = PngTestReader.Read(without);
        var (lastLeft, lastTop) = AttentionPanels.PanelOrigin(9, 48, hasTitle: true);
        Assert.AreEqual(lastLeft + 48 + AttentionPanels.Gap, aw);
        Assert.AreEqual(lastTop + 48 + AttentionPanels.CaptionHeight, ah);
        foreach (int k in new[] { 1, 2, 3, 4, 5, 7 })
        {
            var (left, top) = AttentionPanels.PanelOrigin(k, 48, hasTitle: true);
            Assert.AreNotEqual(AttentionPanels.AbsentColor, At(a, aw, left + 24, top + 24), $"RFGA model: panel {k} is drawn");
            Assert.AreEqual(AttentionPanels.AbsentColor, At(b, bw, left + 24, top + 24), $"CAM model: panel {k} is absent");
        }
    }

    /// <summary>Runs report once for the class (two models, JSON too).</summary>
    private static (string Html, string Json) Report()
    {
        if (report is { } r) return r;
        string html = work.PathOf("report.html"), json = work.PathOf("evaluation.json");
        string stdout = CliWorkspace.Succeed("report", "--model", $"RFGA={rfga}", "--model", $"CAM={cam}", "--data", work.TestCsv,
            "--out", html, "--json", json, "--overlays", "3", "--overlay-size", "96");
        StringAssert.Contains(stdout, "RFGA: MaxBoxAcc");
        report = (html, json);
        return report.Value;
    }

    [TestMethod]
    public void Report_TwoModels_SelfContainedHtmlWithTableCurvesOverlaysAndJson()
    {
        var (htmlPath, jsonPath) = Report();
        string html = File.ReadAllText(htmlPath);
        StringAssert.Contains(html, "<table class=\"metrics\">");
        StringAssert.Contains(html, "<td>RFGA</td>");
        StringAssert.Contains(html, "<td>CAM</td>");
        StringAssert.Contains(html, "δ=0.9");
        foreach (var forbidden in new[] { "http://", "https://", "<script", "<link" })
            Assert.IsFalse(html.Contains(forbidden, StringComparison.OrdinalIgnoreCase), $"self-contained: no {forbidden}");
        var images = Regex.Matches(html, "src=\"data:image/png;base64,([A-Za-z0-9+/=]+)\"");
        Assert.AreEqual(3, images.Count, "δ=0.5 curves, every-δ curves, overlays");
        foreach (Match m in images)
        {
            var bytes = Convert.FromBase64String(m.Groups[1].Value);
            CollectionAssert.AreEqual(new byte[] { 0x89, (byte)'P', (byte)'N', (byte)'G' }, bytes.Take(4).ToArray());
        }
        Assert.IsFalse(Directory.GetFiles(Path.GetDirectoryName(htmlPath)!, "*.tmp").Any(), "no temporary file left");

        using var doc = JsonDocument.Parse(File.ReadAllText(jsonPath));
        var methods = doc.RootElement.GetProperty("methods").EnumerateArray().ToList();
        CollectionAssert.AreEqual(new[] { "RFGA", "CAM" }, methods.Select(m => m.GetProperty("method").GetString()).ToArray());
        Assert.AreEqual(100, methods[0].GetProperty("taus").GetArrayLength());
        Assert.AreEqual(5, methods[0].GetProperty("boxAccCurves").EnumerateObject().Count());
        // The JSON is the input of visualize tau-curves.
        string png = work.PathOf("from-report.png");
        StringAssert.Contains(CliWorkspace.Succeed("visualize", "tau-curves", "--input", jsonPath, "--out", png, "--mean-delta"), "RFGA MEAN δ: max");
    }

    [TestMethod]
    public void Report_HeadlessChromium_ScreenshotNonBlankAndShowsTheTable()
    {
        const string chromium = "/usr/bin/chromium";
        if (!File.Exists(chromium)) Assert.Inconclusive($"{chromium} is not installed (apt-get install chromium); the report screenshot is not checked.");
        var (htmlPath, _) = Report();
        string profile = Directory.CreateTempSubdirectory("rfga-chromium-").FullName, shot = work.PathOf("report-shot.png");
        try
        {
            var info = new ProcessStartInfo(chromium) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
            foreach (var a in new[] { "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
                         "--disable-component-update", "--disable-sync", $"--user-data-dir={profile}", $"--screenshot={shot}", "--window-size=1200,900",
                         new Uri(htmlPath).AbsoluteUri })
                info.ArgumentList.Add(a);
            using var process = Process.Start(info)!;
            var stderr = process.StandardError.ReadToEndAsync();
            process.StandardOutput.ReadToEnd();
            if (!process.WaitForExit(TimeSpan.FromSeconds(60)))
            {
                process.Kill(entireProcessTree: true);
                Assert.Fail("chromium did not finish in 60 s");
            }
            Assert.IsTrue(File.Exists(shot), "no screenshot: " + stderr.Result);
        }
        finally
        {
            Directory.Delete(profile, recursive: true);
        }
        var (rgb, width, height) = PngTestReader.Read(shot);
        Assert.AreEqual((1200, 900), (width, height));
        int dark = 0, header = 0, headerTop = height;
        for (int y = 0; y < height; y++)
            for (int x = 0; x < width; x++)
            {
                var (r, g, b) = At(rgb, width, x, y);
                if (r + g + b < 300) dark++;
                // The table header's background, #1f4e79.
                if (Math.Abs(r - 0x1f) <= 2 && Math.Abs(g - 0x4e) <= 2 && Math.Abs(b - 0x79) <= 2)
                {
                    header++;
                    headerTop = Math.Min(headerTop, y);
                }
            }
        Assert.IsTrue(dark > 2000, $"the page looks blank: {dark} dark pixels");
        Assert.IsTrue(header > 20_000, $"the metrics table header covers only {header} pixels");
        Assert.IsTrue(headerTop < 300, $"the table starts at y {headerTop}, below the first screen's top third");
    }
}
