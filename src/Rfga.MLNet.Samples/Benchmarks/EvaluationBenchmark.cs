using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Linq;
using System.Threading;
using Rfga.MLNet.Evaluation;
using Rfga.MLNet.Localization;

namespace Rfga.MLNet.Samples.Benchmarks;

/// <summary>What <c>rfga bench evaluation</c> measures.</summary>
/// <param name="Maps">Score maps evaluated by the library's one-pass sweep.</param>
/// <param name="Side">Map side, pixels (224: the reference's CUB evaluation size).</param>
/// <param name="Straightforward">Maps (the first ones) evaluated by the per-τ path.</param>
/// <param name="Threads">Threads of the one-pass sweep's second run (the first uses one).</param>
/// <param name="Step">τ step.</param>
/// <param name="Seed">Seed of the generated maps.</param>
internal sealed record EvaluationBenchSettings(int Maps, int Side, int Straightforward, int Threads, double Step, int Seed);

/// <summary>Seconds per map of each path, and whether both paths counted the same correct images on the shared maps.</summary>
/// <param name="OnePassOneThread">The accumulator's one-pass sweep, one thread.</param>
/// <param name="OnePassThreads">The same with <see cref="EvaluationBenchSettings.Threads"/> threads.</param>
/// <param name="PerTau">Threshold → components → largest box → IoU, from scratch at every τ.</param>
/// <param name="Agree">Both paths counted the same correct images at every (δ, τ) on the per-τ path's maps.</param>
internal sealed record EvaluationBenchResult(double OnePassOneThread, double OnePassThreads, double PerTau, bool Agree);

/// <summary>
/// Times WSOL evaluation on generated CAM-like score maps (blobs on a 28×28 grid, bicubic upsampling, min-max, float32): the
/// library's <see cref="BoxAccuracyAccumulator"/> against the straightforward per-τ path a user would write with
/// <see cref="BoxExtractor"/> (what the reference does with cv2.threshold + findContours at every τ), in the same run.
/// </summary>
internal static class EvaluationBenchmark
{
    /// <summary>Generates the maps (not timed), then times each path once.</summary>
    public static EvaluationBenchResult Run(EvaluationBenchSettings settings, Action<string> phase, CancellationToken cancel)
    {
        phase("generating maps");
        var samples = Generate(settings.Maps, settings.Side, settings.Seed);
        var options = new BoxAccuracyOptions { ThresholdStep = settings.Step };

        phase("one-pass sweep, 1 thread");
        double one = TimePerMap(() => Accumulate(samples, options, 1), samples.Count);
        cancel.ThrowIfCancellationRequested();
        phase($"one-pass sweep, {settings.Threads} threads");
        double many = TimePerMap(() => Accumulate(samples, options, settings.Threads), samples.Count);
        cancel.ThrowIfCancellationRequested();

        phase("per-τ path");
        var shared = samples.Take(settings.Straightforward).ToList();
        var grid = new ThresholdGrid(settings.Step);
        var bestIou = new double[shared.Count][];
        double perTau = TimePerMap(() =>
        {
            for (int i = 0; i < shared.Count; i++)
            {
                cancel.ThrowIfCancellationRequested();
                bestIou[i] = PerTauIou(shared[i], grid);
            }
        }, shared.Count);

        // Same number of correct images at every (δ, τ) on the shared maps.
        var fast = Accumulate(shared, options, 1).Compute();
        bool agree = fast.PerDelta.All(d => Enumerable.Range(0, grid.Count).All(t => d.CorrectCurve[t] == bestIou.Count(b => b[t] >= d.Delta)));
        return new EvaluationBenchResult(one, many, perTau, agree);
    }

    private static BoxAccuracyAccumulator Accumulate(IReadOnlyList<ScoreMapSample> samples, BoxAccuracyOptions options, int threads)
    {
        var accumulator = new BoxAccuracyAccumulator(options);
        accumulator.AddRange(samples, threads);
        return accumulator;
    }

    /// <summary>IoU of the largest component's box with the (single) GT box at every τ, each τ from scratch.</summary>
    private static double[] PerTauIou(ScoreMapSample sample, ThresholdGrid grid)
    {
        var iou = new double[grid.Count];
        var map = sample.SingleMap.Span;
        for (int t = 0; t < grid.Count; t++)
            iou[t] = PixelBox.Iou(BoxExtractor.LargestComponentBox(map, sample.Width, sample.Height, grid[t]), sample.GtBoxes[0]);
        return iou;
    }

    private static double TimePerMap(Action work, int maps)
    {
        var clock = Stopwatch.StartNew();
        work();
        return clock.Elapsed.TotalSeconds / Math.Max(maps, 1);
    }

    /// <summary>
    /// CAM-like maps made the way the evaluation receives them: a class map on the network's 28×28 output grid (one to
    /// three anisotropic Gaussian blobs of random centre, spread and height, plus weak noise), upsampled to the map side
    /// with OpenCV's bicubic rule (<see cref="ScoreMapResizer"/>) and min-max normalised (<see cref="ScoreMapNormalizer"/>),
    /// as float32; the GT box spans ±1.5σ around the strongest blob (clipped to the map).
    /// </summary>
    internal static List<ScoreMapSample> Generate(int count, int side, int seed)
    {
        const int Grid = 28;
        var random = new Random(seed);
        var samples = new List<ScoreMapSample>(count);
        var low = new double[Grid * Grid];
        for (int n = 0; n < count; n++)
        {
            int blobs = 1 + random.Next(3);
            var blob = new (double X, double Y, double Sx, double Sy, double A)[blobs];
            for (int b = 0; b < blobs; b++)
                blob[b] = (random.NextDouble() * Grid, random.NextDouble() * Grid,
                           Grid * (0.04 + 0.2 * random.NextDouble()), Grid * (0.04 + 0.2 * random.NextDouble()), b == 0 ? 1.0 : 0.3 + 0.6 * random.NextDouble());
            for (int y = 0; y < Grid; y++)
                for (int x = 0; x < Grid; x++)
                {
                    double v = 0.05 * random.NextDouble();
                    foreach (var (bx, by, sx, sy, a) in blob)
                        v += a * Math.Exp(-0.5 * (((x + 0.5 - bx) / sx) * ((x + 0.5 - bx) / sx) + ((y + 0.5 - by) / sy) * ((y + 0.5 - by) / sy)));
                    low[y * Grid + x] = v;
                }
            var map = ScoreMapResizer.Resize(low, Grid, Grid, side, side);
            ScoreMapNormalizer.NormalizeInPlace(map);
            double scale = (double)side / Grid;
            var (gx, gy, gsx, gsy, _) = blob[0];
            var gt = new PixelBox(Clip((gx - 1.5 * gsx) * scale, side), Clip((gy - 1.5 * gsy) * scale, side),
                                  Clip((gx + 1.5 * gsx) * scale, side), Clip((gy + 1.5 * gsy) * scale, side));
            samples.Add(new ScoreMapSample(Array.ConvertAll(map, v => (float)v), side, side, [gt], side, side));
        }
        return samples;
    }

    private static int Clip(double v, int side) => (int)Math.Clamp(Math.Round(v), 0, side - 1);
}
