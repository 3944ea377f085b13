using System;
using System.Diagnostics;
using Rfga.MLNet.Localization;

var rng = new Random(1);
int n = 300;
var maps = new double[n][];
for (int i = 0; i < n; i++)
{
    var low = new double[14 * 14];
    int blobs = rng.Next(1, 4);
    for (int b = 0; b < blobs; b++)
    {
        double cx = rng.NextDouble() * 14, cy = rng.NextDouble() * 14, s = 1 + rng.NextDouble() * 3, a = 0.3 + rng.NextDouble();
        for (int y = 0; y < 14; y++) for (int x = 0; x < 14; x++) low[y * 14 + x] += a * Math.Exp(-((x - cx) * (x - cx) + (y - cy) * (y - cy)) / (2 * s * s));
    }
    for (int k = 0; k < low.Length; k++) low[k] = Math.Max(0, low[k] + 0.05 * (rng.NextDouble() - 0.5));
    var m = ScoreMapResizer.Resize(low, 14, 14, 224, 224);
    ScoreMapNormalizer.NormalizeInPlace(m);
    maps[i] = m;
}
var grid = new ThresholdGrid(0.01);
var fast = new BoxSweep(grid);
var slow = new PerThresholdBoxSweep(grid);
var boxes = new PixelBox[100];
for (int rep = 0; rep < 3; rep++)
{
    var sw = Stopwatch.StartNew();
    foreach (var m in maps) fast.ComputeSingle(m, 224, 224, boxes);
    double tf = sw.Elapsed.TotalMilliseconds / n;
    sw.Restart();
    foreach (var m in maps) fast.ComputeMulti(m, 224, 224);
    double tm = sw.Elapsed.TotalMilliseconds / n;
    sw.Restart();
    for (int i = 0; i < 30; i++) slow.ComputeSingle(maps[i], 224, 224, boxes);
    double ts = sw.Elapsed.TotalMilliseconds / 30;
    sw.Restart();
    for (int i = 0; i < 10; i++) foreach (double t in grid) BoxExtractor.LargestComponentBox(maps[i], 224, 224, t);
    double te = sw.Elapsed.TotalMilliseconds / 10;
    Console.WriteLine($"fast single {tf:F3} ms, fast multi {tm:F3} ms, per-threshold sweep {ts:F3} ms, per-tau extractor {te:F3} ms, ratio {te / tf:F1}");
}
