using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text.Json;
using Microsoft.ML;
using Rfga.MLNet.Data;
using Rfga.MLNet.Evaluation;
using Rfga.MLNet.Localization;
using Rfga.MLNet.MLNet;
using Rfga.MLNet.Network;
using Rfga.MLNet.Training;
using Rfga.MLNet.Samples.Figures;
using Rfga.MLNet.Samples.Progress;
using Rfga.MLNet.Visualization;

namespace Rfga.MLNet.Samples.Demo;

/// <summary>Runs the demo: generate → train RFGA and CAM → CAM boxes → evaluate with a centre baseline → table and overlays.</summary>
internal sealed class DemoRunner(DemoSettings settings, ProgressDisplay display, System.Threading.CancellationToken cancel = default)
{
    /// <summary>One evaluated method: its name, metrics and the test CAMs kept for overlays.</summary>
    private sealed record MethodResult(string Name, BoxAccuracyResult Metrics, double? Top1Classification, IReadOnlyList<double[]> OverlayCams);

    /// <summary>Runs the demo; returns the process exit code.</summary>
    public int Run()
    {
        var clock = Stopwatch.StartNew();
        string dataDir = Path.GetFullPath(Path.Combine(settings.Output, "data"));
        display.Line($"[1/4] Generating a synthetic WSOL data set: {settings.Classes} classes, {settings.Train} train / {settings.Test} test images, " +
                      $"{settings.ImageSize}x{settings.ImageSize}, seed {settings.Seed} -> {dataDir}");
        var synthetic = new SyntheticWsolOptions
        {
            ImageSize = settings.ImageSize, ClassCount = settings.Classes, TrainCount = settings.Train,
            TestCount = settings.Test, Seed = settings.Seed,
        };
        var dataset = SyntheticWsolGenerator.Generate(synthetic);
        SyntheticWsolWriter.Write(dataset, dataDir);

        var ml = new MLContext(seed: settings.Seed);
        var train = Load(ml, Path.Combine(dataDir, "train.csv"));
        var test = Load(ml, Path.Combine(dataDir, "test.csv"));

        var results = new List<MethodResult>();
        int step = 2;
        foreach (var (name, attention) in new[] { ("RFGA w/ R", AttentionKind.RfgaResidual), ("CAM", AttentionKind.None) })
        {
            display.Line($"[{step++}/4] Training {name} (tiny CNN, {settings.Epochs} epochs, batch {settings.BatchSize}, CPU)");
            results.Add(TrainAndEvaluate(ml, name, attention, train, test, dataDir, dataset));
        }
        results.Add(CentreBaseline(dataset.Test));

        display.Line($"[4/4] Results on the held-back test split ({dataset.Test.Count} images)");
        PrintTable(results);
        Directory.CreateDirectory(settings.Output);
        WriteOverlays(dataset.Test, results);
        WriteJson(Path.Combine(settings.Output, "results.json"), results);
        var curves = TauCurveFigure.Curves(results.Select(r => TauCurveFigure.FromResult(r.Name, r.Metrics)).ToList(), [0.5], meanOverDelta: false);
        TauCurvePlot.Save(Path.Combine(settings.Output, "tau-curves.png"), curves, new TauCurvePlotOptions { Title = "Demo test split: BoxAcc vs τ, δ=0.5" });
        display.Line($"Overlays, tau-curves.png and results.json written to {Path.GetFullPath(settings.Output)} ({clock.Elapsed.TotalSeconds:F0} s in all).");
        return 0;
    }

    private static IDataView Load(MLContext ml, string csv) =>
        ml.Data.LoadFromTextFile<CsvRow>(csv, separatorChar: ',', hasHeader: true, allowQuoting: true);

    private MethodResult TrainAndEvaluate(MLContext ml, string name, AttentionKind attention, IDataView train, IDataView test,
        string dataDir, SyntheticWsolDataset dataset)
    {
        var options = new RfgaLocalizeOptions
        {
            ImageColumnName = nameof(CsvRow.ImagePath),
            ImageFolder = dataDir,
            LabelColumnName = "Label",
            Attention = attention,
            CamTarget = CamTarget.Label,
            Tau = 0.5,
            Training = new TrainingSettings
            {
                Epochs = settings.Epochs,
                BatchSize = settings.BatchSize,
                LearningRate = settings.LearningRate,
                LearningRateStepEpochs = Math.Max(1, settings.Epochs * 2 / 3),
                ResizeSize = settings.ImageSize * 9 / 8,
                CropSize = settings.ImageSize,
                TestSize = settings.ImageSize,
            },
            Progress = display.Training($"train {name}"),
            Cancellation = cancel,
        };
        var pipeline = ml.Transforms.Conversion.MapValueToKey("Label", nameof(CsvRow.ClassName))
            .Append(ml.Transforms.RfgaLocalize(options));
        var model = pipeline.Fit(train);
        try
        {
            var scored = model.Transform(test);
            var accumulator = new BoxAccuracyAccumulator(new BoxAccuracyOptions());
            var overlayCams = new List<double[]>();
            int correct = 0, n = 0;
            foreach (var row in ml.Data.CreateEnumerable<ScoredRow>(scored, reuseRowObject: false))
            {
                var gt = new[] { new PixelBox((int)row.Box[0], (int)row.Box[1], (int)row.Box[2], (int)row.Box[3]) };
                int w = row.CamSize[0], h = row.CamSize[1];
                accumulator.Add(row.Cam, w, h, gt, w, h);
                if (row.PredictedLabel == row.Label) correct++;
                if (n < settings.Overlays) overlayCams.Add(row.Cam);
                n++;
            }
            if (n != dataset.Test.Count) throw new InvalidDataException($"expected {dataset.Test.Count} scored test rows; got {n}.");
            return new MethodResult(name, accumulator.Compute(), 100.0 * correct / n, overlayCams);
        }
        finally
        {
            DisposeAll(model);
        }
    }

    /// <summary>Disposes every disposable transformer of a (nested) chain: the trained network holds native memory.</summary>
    internal static void DisposeAll(ITransformer transformer)
    {
        if (transformer is IEnumerable<ITransformer> chain)
            foreach (var t in chain) DisposeAll(t);
        (transformer as IDisposable)?.Dispose();
    }

    /// <summary>A map peaked at the image centre (Gaussian, σ = side/4): its τ sweep picks the best centred box.</summary>
    private MethodResult CentreBaseline(IReadOnlyList<WsolSample> test)
    {
        var accumulator = new BoxAccuracyAccumulator(new BoxAccuracyOptions());
        var cams = new List<double[]>();
        foreach (var sample in test)
        {
            var map = CentreGaussian(sample.Width, sample.Height);
            accumulator.Add(map, sample.Width, sample.Height, sample.Boxes, sample.Width, sample.Height);
            if (cams.Count < settings.Overlays) cams.Add(map);
        }
        return new MethodResult("Centre Gaussian", accumulator.Compute(), null, cams);
    }

    internal static double[] CentreGaussian(int width, int height)
    {
        var map = new double[width * height];
        double cx = (width - 1) / 2.0, cy = (height - 1) / 2.0, sx = width / 4.0, sy = height / 4.0;
        for (int y = 0; y < height; y++)
            for (int x = 0; x < width; x++)
                map[y * width + x] = Math.Exp(-0.5 * ((x - cx) * (x - cx) / (sx * sx) + (y - cy) * (y - cy) / (sy * sy)));
        return map;
    }

    private void PrintTable(IReadOnlyList<MethodResult> results)
    {
        var deltas = results[0].Metrics.PerDelta;
        string header = $"{"method",-16}" + string.Concat(deltas.Select(d => $"{"δ=" + d.Delta.ToString("0.0", CultureInfo.InvariantCulture),8}"))
                        + $"{"Avg.",8}{"mIoU*",8}{"top-1 cls",11}{"τ*(δ.5)",9}";
        display.Line(header);
        display.Line(new string('-', header.Length));
        foreach (var r in results)
        {
            display.Line($"{r.Name,-16}" + string.Concat(r.Metrics.PerDelta.Select(d => F(d.MaxBoxAccuracy, 8)))
                          + F(r.Metrics.MeanMaxBoxAccuracy, 8) + $"{r.Metrics.PerImageMeanIou.ToString("0.0000", CultureInfo.InvariantCulture),8}"
                          + (r.Top1Classification is double c ? F(c, 11) : $"{"-",11}")
                          + $"{r.Metrics.PerDelta[0].OptimalTau.ToString("0.00", CultureInfo.InvariantCulture),9}");
        }
        display.Line("MaxBoxAcc (%) per IoU threshold δ with the GT-class CAM, largest component, τ step 0.01; Avg. = mean over δ;");
        display.Line("mIoU* = mean over images of each image's best IoU over τ (PAPER.md §5 reading (i)).");
        var rfga = results[0].Metrics.MeanMaxBoxAccuracy;
        var centre = results[^1].Metrics.MeanMaxBoxAccuracy;
        display.Line($"RFGA w/ R - centre baseline = {(rfga - centre).ToString("+0.00;-0.00", CultureInfo.InvariantCulture)} points of mean MaxBoxAcc.");

        static string F(double v, int width) => v.ToString("0.00", CultureInfo.InvariantCulture).PadLeft(width);
    }

    private void WriteOverlays(IReadOnlyList<WsolSample> test, IReadOnlyList<MethodResult> results)
    {
        int count = Math.Min(settings.Overlays, test.Count);
        if (count == 0) return;
        string dir = Path.Combine(settings.Output, "overlays");
        Directory.CreateDirectory(dir);
        for (int i = 0; i < count; i++)
        {
            var sample = test[i];
            var panels = new List<OverlayImage>();
            var captions = new List<string>();
            foreach (var r in results)
            {
                double tau = r.Metrics.PerDelta[0].OptimalTau;
                var cam = r.OverlayCams[i];
                var box = BoxExtractor.LargestComponentBox(cam, sample.Width, sample.Height, tau);
                panels.Add(OverlayRenderer.Render(sample.Rgb, sample.Width, sample.Height, Array.ConvertAll(cam, v => (float)v), sample.Boxes, box));
                double iou = sample.Boxes.Max(g => PixelBox.Iou(box, g));
                captions.Add($"{r.Name} IoU {iou.ToString("0.00", CultureInfo.InvariantCulture)}");
            }
            OverlayMontage.Save(Path.Combine(dir, $"test-{i:D4}-{sample.ClassName}.png"), panels, captions);
        }
    }

    private static void WriteJson(string path, IReadOnlyList<MethodResult> results)
    {
        var document = results.Select(r => new
        {
            method = r.Name,
            maxBoxAcc = r.Metrics.PerDelta.ToDictionary(d => d.Delta.ToString("0.0", CultureInfo.InvariantCulture), d => d.MaxBoxAccuracy),
            optimalTau = r.Metrics.PerDelta.ToDictionary(d => d.Delta.ToString("0.0", CultureInfo.InvariantCulture), d => d.OptimalTau),
            meanMaxBoxAcc = r.Metrics.MeanMaxBoxAccuracy,
            perImageMeanIou = r.Metrics.PerImageMeanIou,
            meanIouAtOptimalTau = r.Metrics.MeanIou,
            top1Classification = r.Top1Classification,
            taus = r.Metrics.Taus,
            boxAccCurves = r.Metrics.PerDelta.ToDictionary(d => d.Delta.ToString("0.0", CultureInfo.InvariantCulture), d => d.BoxAccuracyCurve),
        });
        string tmp = path + ".tmp";
        File.WriteAllText(tmp, JsonSerializer.Serialize(document, new JsonSerializerOptions { WriteIndented = true }));
        File.Move(tmp, path, overwrite: true);
    }
}
