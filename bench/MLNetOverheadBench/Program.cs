// Overhead of the ML.NET layer (issue 5): the same network and the same images, through the ML.NET chain and bare.
//   dotnet run -c Release --project bench/MLNetOverheadBench [-- --images 256 --steps 200 --threads 2]
// Prints: Transform throughput (chain vs direct forward on the same batches), Fit per-step time (RfgaTrainer.Fit vs
// WsolTrainer.Train on the same decoded-from-file images), and process RSS / live tensors over a long training run.
using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Linq;
using Microsoft.ML;
using Microsoft.ML.Data;
using Rfga.MLNet.Data;
using Rfga.MLNet.Imaging;
using Rfga.MLNet.MLNet;
using Rfga.MLNet.Network;
using Rfga.MLNet.Training;
using static TorchSharp.torch;

int images = Arg("--images", 256), steps = Arg("--steps", 200), threads = Arg("--threads", 2), size = Arg("--size", 64);
set_num_threads(threads);
string dir = Path.Combine(Path.GetTempPath(), "rfga-overhead-" + Guid.NewGuid().ToString("N"));
var dataset = SyntheticWsolGenerator.Generate(new SyntheticWsolOptions { ImageSize = size, TrainCount = images, TestCount = images, Seed = 3 });
SyntheticWsolWriter.Write(dataset, dir);
var rows = dataset.Train.Select((s, i) => new Row { ImagePath = Path.Combine(dir, "train", $"{i:D6}.png"), ClassName = s.ClassName }).ToList();
var testRows = dataset.Test.Select((s, i) => new Row { ImagePath = Path.Combine(dir, "test", $"{i:D6}.png"), ClassName = s.ClassName }).ToList();
var settings = new TrainingSettings { Epochs = 1, BatchSize = 16, LearningRate = 0.02, ResizeSize = size * 9 / 8, CropSize = size, TestSize = size, LearningRateStepEpochs = 100 };
Console.WriteLine($"Rfga.MLNet ML.NET-layer overhead: tiny backbone + RFGA w/ R, {size}x{size}, batch {settings.BatchSize}, {threads} threads, {images} images");
Console.WriteLine();

// 1. Fit per step: RfgaTrainer.Fit (reads the IDataView, decodes paths each step) vs WsolTrainer.Train on a source that decodes the same files.
var ml = new MLContext(seed: 1);
var view = ml.Transforms.Conversion.MapValueToKey("Label", nameof(Row.ClassName)).Fit(ml.Data.LoadFromEnumerable(rows)).Transform(ml.Data.LoadFromEnumerable(rows));
int stepsPerEpoch = (images + settings.BatchSize - 1) / settings.BatchSize;
var fitTimes = new List<double>();
var bareTimes = new List<double>();
var classNames = dataset.ClassNames.ToList();
for (int round = 0; round < 5; round++)
{
    var sw = Stopwatch.StartNew();
    using (var t = ml.Transforms.TrainRfga(new RfgaTrainerOptions { Training = settings }).Fit(view)) { }
    fitTimes.Add(sw.Elapsed.TotalMilliseconds / stepsPerEpoch);
    random.manual_seed(1);
    using var net = new WsolNetwork(new WsolNetworkSpec(classNames.Count));
    sw.Restart();
    WsolTrainer.Train(net, new FileSource(rows, classNames), settings);
    bareTimes.Add(sw.Elapsed.TotalMilliseconds / stepsPerEpoch);
}
double fit = Median(fitTimes.Skip(1)), bare = Median(bareTimes.Skip(1));
Console.WriteLine("| measure | ML.NET chain | bare | ratio |");
Console.WriteLine("|---|---|---|---|");
Console.WriteLine(F($"| Fit, ms per step (median of 4 after warm-up; includes network construction) | {fit:0.0} | {bare:0.0} | {fit / bare:0.000} |"));

// 2. Transform throughput: the batched view vs forward passes on the same batches of decoded images.
using var classifier = ml.Transforms.TrainRfga(new RfgaTrainerOptions { Training = settings, InferenceBatchSize = settings.BatchSize }).Fit(view);
var testView = ml.Transforms.Conversion.MapValueToKey("Label", nameof(Row.ClassName)).Fit(ml.Data.LoadFromEnumerable(rows)).Transform(ml.Data.LoadFromEnumerable(testRows));
var chainTimes = new List<double>();
var directTimes = new List<double>();
for (int round = 0; round < 6; round++)
{
    var sw = Stopwatch.StartNew();
    var scored = classifier.Transform(testView);
    using (var cursor = scored.GetRowCursor(scored.Schema.Where(c => c.Name is "Score" or "ClassMaps")))
    {
        var g = cursor.GetGetter<VBuffer<float>>(scored.Schema["ClassMaps"]);
        VBuffer<float> v = default;
        while (cursor.MoveNext()) g(ref v);
    }
    chainTimes.Add(images / sw.Elapsed.TotalSeconds);
    sw.Restart();
    for (int start = 0; start < testRows.Count; start += settings.BatchSize)
    {
        var batch = testRows.Skip(start).Take(settings.BatchSize).Select(r => ImageDecoder.Decode(r.ImagePath)).ToList();
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        var x = ImageBatch.Evaluation(batch, size, settings.Mean, settings.Std);
        using var output = classifier.Network.forward(x);
        _ = output.Logits.softmax(1).data<float>().ToArray();
        _ = output.ClassMaps.data<float>().ToArray();
    }
    directTimes.Add(images / sw.Elapsed.TotalSeconds);
}
double chain = Median(chainTimes.Skip(1)), direct = Median(directTimes.Skip(1));
Console.WriteLine(F($"| Transform, images/s (median of 5 after warm-up) | {chain:0.0} | {direct:0.0} | {chain / direct:0.000} |"));

// 3. Memory over a long run: RSS and live tensors every 50 steps of one Fit.
Console.WriteLine();
Console.WriteLine($"RSS and live tensors over {steps} training steps (one Fit through ML.NET):");
Console.WriteLine("| step | RSS MB | live tensors (this thread) |");
Console.WriteLine("|---|---|---|");
var longSettings = settings with { Epochs = (int)Math.Ceiling(steps / (double)stepsPerEpoch) };
var progress = new Sync(p =>
{
    int step = (p.Epoch - 1) * p.StepsPerEpoch + p.Step;
    if (step == 1 || step % 50 == 0)
        Console.WriteLine(F($"| {step} | {Process.GetCurrentProcess().WorkingSet64 / 1048576.0:0} | {TorchSharp.DisposeScopeManager.Statistics.ThreadTotalLiveCount} |"));
});
using (ml.Transforms.TrainRfga(new RfgaTrainerOptions { Training = longSettings, Progress = progress }).Fit(view)) { }

// 4. Soak: many inference batches through the batched ML.NET view, RSS and live tensors every quarter.
int batches = Arg("--inference-batches", 1000);
Console.WriteLine();
Console.WriteLine($"RSS and live tensors over {batches} inference batches of {settings.BatchSize} (classifier Transform, one cursor per pass):");
Console.WriteLine("| batches | RSS MB | live tensors (this thread) |");
Console.WriteLine("|---|---|---|");
int done = 0, perPass = (testRows.Count + settings.BatchSize - 1) / settings.BatchSize;
while (done < batches)
{
    var scored = classifier.Transform(testView);
    using var cursor = scored.GetRowCursor(scored.Schema.Where(c => c.Name == "ClassMaps"));
    var g = cursor.GetGetter<VBuffer<float>>(scored.Schema["ClassMaps"]);
    VBuffer<float> v = default;
    while (cursor.MoveNext()) g(ref v);
    int before = done;
    done += perPass;
    if (before == 0 || done / (batches / 4) != before / (batches / 4) || done >= batches)
        Console.WriteLine(F($"| {done} | {Process.GetCurrentProcess().WorkingSet64 / 1048576.0:0} | {TorchSharp.DisposeScopeManager.Statistics.ThreadTotalLiveCount} |"));
}
Directory.Delete(dir, recursive: true);

static double Median(IEnumerable<double> v) { var a = v.OrderBy(x => x).ToArray(); return a.Length % 2 == 1 ? a[a.Length / 2] : (a[a.Length / 2 - 1] + a[a.Length / 2]) / 2; }
static string F(FormattableString s) => s.ToString(CultureInfo.InvariantCulture);
int Arg(string name, int fallback) { int i = Array.IndexOf(args, name); return i >= 0 && i + 1 < args.Length ? int.Parse(args[i + 1], CultureInfo.InvariantCulture) : fallback; }

sealed class Row
{
    public string ImagePath { get; set; } = "";
    public string ClassName { get; set; } = "";
}

/// <summary>Decodes the same files the ML.NET source reads, in the same way.</summary>
sealed class FileSource(List<Row> rows, List<string> classes) : ITrainingSampleSource
{
    public int Count => rows.Count;
    public int ClassCount => classes.Count;
    public int GetLabel(int index) => classes.IndexOf(rows[index].ClassName);
    public RgbImage GetImage(int index) => ImageDecoder.Decode(rows[index].ImagePath);
}

sealed class Sync(Action<TrainingProgress> action) : IProgress<TrainingProgress>
{
    public void Report(TrainingProgress value) => action(value);
}
