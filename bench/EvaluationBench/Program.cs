using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.Linq;
using System.Runtime.InteropServices;
using Rfga.MLNet.Evaluation;
using Rfga.MLNet.Localization;

// WSOL evaluation throughput: the one-pass BoxSweep (through BoxAccuracyAccumulator, as rfga evaluate runs it)
// against the per-τ paths, on seeded CAM-like maps (a few Gaussian blobs on a 7×7 or 14×14 grid, OpenCV-exact bicubic
// upsampling, min-max normalisation, float32), τ step 0.01 (100 τ). Maps are generated in batches outside the timed
// sections; a closing summary states the figures of issue #6's two goals and the load average.
// When /usr/bin/python3 has OpenCV (apt-get install python3-opencv), the first --reference maps also go through the
// community reference's own per-τ loop (bench/reference_boxes.py: cv2.threshold + cv2.findContours per τ, as
// wsolevaluation) in a child process: its time per map, and every box compared with the one-pass sweep's.
// With --adversarial N it only compares the boxes of N maps built to stress the contour rules (plateaus, ties, rings,
// checkerboards, single pixels, constant maps, k/255 edges, sizes 1×1 … 257×129) with the reference's, exit 1 on any
// difference.
// Usage: dotnet run -c Release --project bench/EvaluationBench [-- --maps 10000 --slow 100 --cub 5794 --reference 500
//        --python /usr/bin/python3 | --adversarial 2000]
var c = CultureInfo.InvariantCulture;
int mapCount = Arg("--maps", 10_000), slowCount = Arg("--slow", 100), cubCount = Arg("--cub", 5_794), referenceCount = Arg("--reference", 500);
string python = ArgText("--python", "/usr/bin/python3");
const int Side = 224, Batch = 500;
var grid = new ThresholdGrid(ThresholdGrid.EvaluationStep);
var rows = new List<string[]>();
double lastCpu = 0; // process CPU seconds (all threads) of the last Time call
double[] lastFastCpu = [];

if (Arg("--adversarial", 0) is int adversarialCount and > 0)
{
    // Only the comparison with the reference's own loop, on maps built to stress the contour rules.
    ReferenceRun check = ReferenceRun.Measure(python, AdversarialMaps.Create(adversarialCount), grid);
    Console.WriteLine(check.Error is null
        ? $"adversarial maps against the Python reference (OpenCV {check.OpenCv}): {check.Compared} maps × {grid.Count} τ, single and multi contour: {check.Mismatches} differences"
        : $"Python reference not run: {check.Error}");
    return check.Error is null && check.Mismatches == 0 ? 0 : 1;
}

string startLoad = LoadAverage();
Console.WriteLine(string.Create(c, $"EvaluationBench: {RuntimeInformation.FrameworkDescription}, {RuntimeInformation.OSDescription}, {Environment.ProcessorCount} logical processors, load average {startLoad}"));
Console.WriteLine(string.Create(c, $"{mapCount} maps {Side}×{Side}, {grid.Count} τ; the per-τ paths timed on the first {slowCount} maps and extrapolated."));

// Per-τ baselines on a subset: (a) the library's per-threshold path (quantise once, label every distinct threshold
// from scratch: what the reference does per τ with cv2.threshold + findContours), (b) BoxExtractor per τ (also
// re-quantising the float map per τ), each followed by the IoU against the GT boxes.
var slowSamples = Samples(0, slowCount, Side);
var perThreshold = new PerThresholdBoxSweep(grid);
var boxes = new PixelBox[grid.Count];
double PerThreshold(ContourMode mode) => Time(() =>
{
    foreach (Sample s in slowSamples)
    {
        if (mode == ContourMode.Single)
        {
            perThreshold.ComputeSingle(s.Map, Side, Side, boxes);
            for (int t = 0; t < grid.Count; t++) _ = PixelBox.Iou(boxes[t], s.Gt);
        }
        else
        {
            perThreshold.ComputeMulti(s.Map, Side, Side);
            for (int t = 0; t < grid.Count; t++) foreach (PixelBox b in perThreshold.MultiBoxesAt(t)) _ = PixelBox.Iou(b, s.Gt);
        }
    }
});
PerThreshold(ContourMode.Single); // warm-up
double slowSingle = PerThreshold(ContourMode.Single) / slowCount, slowSingleCpu = lastCpu / slowCount;
double slowMulti = PerThreshold(ContourMode.Multi) / slowCount, slowMultiCpu = lastCpu / slowCount;
int extractorCount = Math.Max(1, slowCount / 4);
double extractor = Time(() =>
{
    foreach (Sample s in slowSamples.Take(extractorCount))
        foreach (double tau in grid) _ = PixelBox.Iou(BoxExtractor.LargestComponentBox(s.Map, Side, Side, tau), s.Gt);
}) / extractorCount;
double extractorCpu = lastCpu / extractorCount;

// The community reference's per-τ loop on the first maps (OpenCV in a child process), and its boxes against ours.
ReferenceRun? reference = referenceCount > 0 ? ReferenceRun.Measure(python, Samples(0, referenceCount, Side), Side, grid) : null;

// The one-pass path over all maps, generated batch by batch; each batch is timed on 1 and on 2 threads (only
// AddRange is timed), each thread count with its own accumulator.
double[] Fast(ContourMode mode, int[] threadCounts, int count, int side)
{
    var accumulators = threadCounts.Select(_ => new BoxAccuracyAccumulator(new BoxAccuracyOptions
    {
        ContourMode = mode,
        IouThresholds = mode == ContourMode.Single ? BoxAccuracyOptions.PaperIouThresholds : BoxAccuracyOptions.MaxBoxAccV2IouThresholds,
    })).ToArray();
    var seconds = new double[threadCounts.Length];
    var cpu = new double[threadCounts.Length];
    for (int start = 0; start < count; start += Batch)
    {
        var batch = Samples(start, Math.Min(Batch, count - start), side).Select(s => new ScoreMapSample(s.Map, side, side, [s.Gt], side, side)).ToList();
        for (int k = 0; k < threadCounts.Length; k++)
        {
            seconds[k] += Time(() => accumulators[k].AddRange(batch, threadCounts[k]));
            cpu[k] += lastCpu;
        }
    }

    double first = accumulators[0].Compute().MeanMaxBoxAccuracy;
    if (accumulators.Any(a => a.Compute().MeanMaxBoxAccuracy != first))
        throw new InvalidOperationException("Thread counts disagree."); // never: results do not depend on threads
    lastFastCpu = cpu;
    return seconds;
}

int[] threadCounts = [1, 2];
var summary = new List<string>();
Fast(ContourMode.Single, threadCounts, Batch, Side); // warm-up
Fast(ContourMode.Multi, threadCounts, Batch, Side);
foreach (ContourMode mode in new[] { ContourMode.Single, ContourMode.Multi })
{
    double slow = mode == ContourMode.Single ? slowSingle : slowMulti;
    double slowCpu = mode == ContourMode.Single ? slowSingleCpu : slowMultiCpu;
    string name = mode == ContourMode.Single ? "MaxBoxAcc (single)" : "MaxBoxAccV2 (multi)";
    rows.Add([name, "per-threshold labelling (baseline)", "1", slowCount.ToString(c), (slow * mapCount).ToString("0.0", c) + "*", (1 / slow).ToString("0", c), (slow * 1e3).ToString("0.000", c), (slowCpu * 1e3).ToString("0.000", c), "1.0", "1.0"]);
    if (mode == ContourMode.Single)
        rows.Add([name, "BoxExtractor per τ", "1", extractorCount.ToString(c), (extractor * mapCount).ToString("0.0", c) + "*", (1 / extractor).ToString("0", c), (extractor * 1e3).ToString("0.000", c), (extractorCpu * 1e3).ToString("0.000", c), (slow / extractor).ToString("0.00", c), (slowCpu / extractorCpu).ToString("0.00", c)]);
    double[] seconds = Fast(mode, threadCounts, mapCount, Side);
    for (int k = 0; k < threadCounts.Length; k++)
    {
        double perMap = seconds[k] / mapCount, cpuPerMap = lastFastCpu[k] / mapCount;
        rows.Add([name, "one-pass sweep", threadCounts[k].ToString(c), mapCount.ToString(c), seconds[k].ToString("0.00", c), (1 / perMap).ToString("0", c),
            (perMap * 1e3).ToString("0.000", c), (cpuPerMap * 1e3).ToString("0.000", c), (slow / perMap).ToString("0.0", c), (slowCpu / cpuPerMap).ToString("0.0", c)]);
    }

    double fastWall = seconds[0] / mapCount, fastCpu = lastFastCpu[0] / mapCount;
    summary.Add(string.Create(c, $"{name}: fast {mapCount / seconds[0]:0} maps/s on 1 thread, {mapCount / seconds[1]:0} on 2; per-τ {1 / slow:0} maps/s; fast (1 thread) ÷ per-τ = {slow / fastWall:0.0}× wall, {slowCpu / fastCpu:0.0}× CPU (goal ≥ 50×)"));
    if (reference?.Error is null && reference is not null)
    {
        double referencePerMap = mode == ContourMode.Single ? reference.SingleSeconds : reference.MultiSeconds;
        rows.Add([name, $"Python reference (OpenCV {reference.OpenCv}, 1 process)", "1", referenceCount.ToString(c), (referencePerMap * mapCount).ToString("0.0", c) + "*",
            (1 / referencePerMap).ToString("0", c), (referencePerMap * 1e3).ToString("0.000", c), "–", (slow / referencePerMap).ToString("0.00", c), "–"]);
        summary.Add(string.Create(c, $"{name}: fast ÷ Python reference (wsolevaluation's loop, OpenCV {reference.OpenCv}) = {referencePerMap / fastWall:0.0}× on 1 thread, {referencePerMap * mapCount / seconds[1]:0.0}× on 2; reference {1 / referencePerMap:0} maps/s"));
    }
}

Print(["metric", "path", "threads", "maps timed", "s for all maps", "maps/s", "ms/map", "CPU ms/map", "× baseline", "× baseline (CPU)"], rows);
Console.WriteLine("* extrapolated from the maps timed. × baseline: wall-clock speed relative to per-threshold labelling on 1 thread, same metric;");
Console.WriteLine("  (CPU): the same from process CPU time (all threads), which other processes on the machine do not inflate.");
Console.WriteLine(string.Create(c, $"load average after the runs: {LoadAverage()} (other processes share the {Environment.ProcessorCount} processors; the 2-thread rows need both free)"));
Console.WriteLine();

// CUB-sized runs: the whole CUB test set (5,794 maps), MaxBoxAcc, at the reference's 224² and at 448².
var cub = new List<string[]>();
foreach (int side in new[] { 224, 448 })
{
    Fast(ContourMode.Single, threadCounts, 64, side); // warm-up at this size
    double[] seconds = Fast(ContourMode.Single, threadCounts, cubCount, side);
    for (int k = 0; k < threadCounts.Length; k++)
        cub.Add([$"{side}×{side}", threadCounts[k].ToString(c), cubCount.ToString(c), seconds[k].ToString("0.00", c), (seconds[k] / cubCount * 1e3).ToString("0.000", c), lastFastCpu[k].ToString("0.00", c)]);
}

Print(["CUB test set (MaxBoxAcc, 100 τ)", "threads", "maps", "seconds", "ms/map", "CPU seconds"], cub);
Console.WriteLine();
Console.WriteLine("Summary (issue #6 goals):");
foreach (string line in summary)
{
    Console.WriteLine("  " + line);
}

Console.WriteLine(string.Create(c, $"  CUB test set, {cubCount} maps at 224², 2 threads: {cub[1][3]} s wall, {cub[1][5]} s CPU (goal < 2 s wall)"));
if (reference is not null)
{
    Console.WriteLine(reference.Error is null
        ? string.Create(c, $"  boxes against the Python reference: {reference.Compared} maps × {grid.Count} τ, single and multi contour: {reference.Mismatches} differences")
        : $"  Python reference not run: {reference.Error}");
}
Console.WriteLine(string.Create(c, $"  load average: {LoadAverage()} at the end, {startLoad} at the start ({Environment.ProcessorCount} logical processors)"));
return reference is { Error: null, Mismatches: > 0 } ? 1 : 0;

string ArgText(string name, string fallback)
{
    int i = Array.IndexOf(args, name);
    return i >= 0 && i + 1 < args.Length ? args[i + 1] : fallback;
}

int Arg(string name, int fallback)
{
    int i = Array.IndexOf(args, name);
    return i >= 0 && i + 1 < args.Length ? int.Parse(args[i + 1], c) : fallback;
}

double Time(Action action)
{
    TimeSpan cpu = Process.GetCurrentProcess().TotalProcessorTime;
    var clock = Stopwatch.StartNew();
    action();
    lastCpu = (Process.GetCurrentProcess().TotalProcessorTime - cpu).TotalSeconds;
    return clock.Elapsed.TotalSeconds;
}

static string LoadAverage()
{
    try
    {
        return System.IO.File.ReadAllText("/proc/loadavg").Split(' ')[0];
    }
    catch (System.IO.IOException)
    {
        return "n/a";
    }
}

// Maps start..start+count−1 of the seeded sequence (map i depends only on i), each with a GT box around its peak.
static List<Sample> Samples(int start, int count, int side)
{
    var list = new Sample[count];
    System.Threading.Tasks.Parallel.For(0, count, k => list[k] = Sample.Create(start + k, side));
    return [.. list];
}

void Print(string[] header, List<string[]> table)
{
    int[] widths = header.Select((h, i) => Math.Max(h.Length, table.Max(r => r[i].Length))).ToArray();
    Console.WriteLine("| " + string.Join(" | ", header.Select((h, i) => h.PadRight(widths[i]))) + " |");
    Console.WriteLine("|" + string.Join("|", widths.Select(w => new string('-', w + 2))) + "|");
    foreach (string[] row in table)
        Console.WriteLine("| " + string.Join(" | ", row.Select((v, i) => i < 2 ? v.PadRight(widths[i]) : v.PadLeft(widths[i]))) + " |");
}

/// <summary>One seeded CAM-like map and a GT box.</summary>
internal sealed record Sample(float[] Map, PixelBox Gt)
{
    public static Sample Create(int index, int side)
    {
        var rng = new Random(1_000_003 * index + side);
        int cells = rng.Next(2) == 0 ? 7 : 14;
        var low = new double[cells * cells];
        for (int b = rng.Next(1, 4); b > 0; b--)
        {
            double cx = rng.NextDouble() * cells, cy = rng.NextDouble() * cells, s = 0.5 + rng.NextDouble() * cells / 4, a = 0.3 + rng.NextDouble();
            for (int y = 0; y < cells; y++)
                for (int x = 0; x < cells; x++)
                    low[y * cells + x] += a * Math.Exp(-((x - cx) * (x - cx) + (y - cy) * (y - cy)) / (2 * s * s));
        }

        for (int i = 0; i < low.Length; i++) low[i] = Math.Max(0, low[i] + 0.1 * (rng.NextDouble() - 0.5));
        double[] map = ScoreMapResizer.Resize(low, cells, cells, side, side);
        ScoreMapNormalizer.NormalizeInPlace(map);
        int x0 = rng.Next(side / 2), y0 = rng.Next(side / 2);
        return new Sample(Array.ConvertAll(map, v => (float)v), new PixelBox(x0, y0, x0 + rng.Next(side / 8, side / 2), y0 + rng.Next(side / 8, side / 2)));
    }
}
