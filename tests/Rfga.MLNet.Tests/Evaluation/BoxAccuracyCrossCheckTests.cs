using System;
using System.Collections.Generic;
using System.Linq;
using Microsoft.VisualStudio.TestTools.UnitTesting;
using Rfga.MLNet.Evaluation;
using Rfga.MLNet.Localization;
using Rfga.MLNet.Tests.Localization;

namespace Rfga.MLNet.Tests.Evaluation;

/// <summary>The accumulator against a plain re-computation from <see cref="NaiveContours"/> boxes.</summary>
[TestClass]
public sealed class BoxAccuracyCrossCheckTests
{
    [TestMethod]
    public void Compute_RandomDatasetSingle_MatchesNaiveEvaluation()
    {
        Check(ContourMode.Single, [0.5, 0.6, 0.7, 0.8, 0.9], GtResizeMode.ScoreMap, seed: 1234);
    }

    [TestMethod]
    public void Compute_RandomDatasetMulti_MatchesNaiveEvaluation()
    {
        Check(ContourMode.Multi, [0.3, 0.5, 0.7], GtResizeMode.Fixed, seed: 4321);
    }

    private static void Check(ContourMode mode, double[] deltas, GtResizeMode resize, int seed)
    {
        const double step = 0.05;
        const int images = 80;
        var options = new BoxAccuracyOptions
        {
            ThresholdStep = step,
            IouThresholds = deltas,
            ContourMode = mode,
            GtResizeMode = resize,
            FixedResizeLength = 16,
        };
        var accumulator = new BoxAccuracyAccumulator(options);
        int[] percents = deltas.Select(d => (int)Math.Round(d * 100)).ToArray();
        double[] taus = Enumerable.Range(0, 20).Select(i => i * step).ToArray();
        var correct = new int[deltas.Length, taus.Length];
        var iouSum = new double[taus.Length];
        double perImageSum = 0;
        var rng = new Random(seed);
        for (int n = 0; n < images; n++)
        {
            float[] map = RandomMaps.ToFloat(RandomMaps.Create(rng, n, out int w, out int h, maxSide: 16));
            int ow = rng.Next(1, 60), oh = rng.Next(1, 60);
            var gt = new List<PixelBox>();
            for (int g = rng.Next(1, 4); g > 0; g--)
            {
                int x0 = rng.Next(ow), y0 = rng.Next(oh);
                gt.Add(new PixelBox(x0, y0, x0 + rng.Next(ow), y0 + rng.Next(oh))); // may extend past the image
            }

            accumulator.Add(map, w, h, gt, ow, oh);

            int tw = resize == GtResizeMode.Fixed ? 16 : w, th = resize == GtResizeMode.Fixed ? 16 : h;
            List<PixelBox> gtMap = gt.Select(b => new PixelBox(
                (int)(b.X0 * (double)tw / ow), (int)(b.Y0 * (double)th / oh),
                (int)(b.X1 * (double)tw / ow), (int)(b.Y1 * (double)th / oh))).ToList();
            double[] widened = map.Select(v => (double)v).ToArray();
            double best = 0;
            for (int t = 0; t < taus.Length; t++)
            {
                bool[,] on = NaiveContours.Binarize(widened, w, h, taus[t]);
                List<PixelBox> boxes = mode == ContourMode.Single ? [NaiveContours.Largest(on)] : NaiveContours.All(on);
                double score = boxes.SelectMany(b => gtMap.Select(g => Iou(b, g))).Max();
                iouSum[t] += score;
                best = Math.Max(best, score);
                for (int d = 0; d < deltas.Length; d++)
                {
                    correct[d, t] += score >= percents[d] / 100.0 ? 1 : 0;
                }
            }

            perImageSum += best;
        }

        BoxAccuracyResult result = accumulator.Compute();

        double meanOfMax = 0;
        for (int d = 0; d < deltas.Length; d++)
        {
            double[] curve = Enumerable.Range(0, taus.Length).Select(t => correct[d, t] * 100.0 / images).ToArray();
            int argmax = Array.IndexOf(curve, curve.Max());
            BoxAccuracyAtDelta actual = result.PerDelta[d];
            CollectionAssert.AreEqual(curve, actual.BoxAccuracyCurve.ToArray(), $"δ = {deltas[d]}");
            Assert.AreEqual(curve.Max(), actual.MaxBoxAccuracy);
            Assert.AreEqual(argmax, actual.OptimalTauIndex);
            Assert.AreEqual(taus[argmax], actual.OptimalTau);
            CollectionAssert.AreEqual(Enumerable.Range(0, taus.Length).Where(t => curve[t] == curve.Max()).ToArray(), actual.TiedTauIndices.ToArray());
            Assert.AreEqual(correct[d, argmax], actual.CorrectAtOptimum);
            Assert.AreEqual(iouSum[argmax] / images, actual.MeanIouAtOptimum);
            meanOfMax += curve.Max();
        }

        double[] miou = iouSum.Select(s => s / images).ToArray();
        CollectionAssert.AreEqual(miou, result.MeanIouCurve.ToArray());
        Assert.AreEqual(meanOfMax / deltas.Length, result.MeanMaxBoxAccuracy);
        Assert.AreEqual(miou.Max(), result.MaxMeanIou);
        Assert.AreEqual(perImageSum / images, result.PerImageMeanIou);
        Assert.AreEqual(miou[result.PerDelta[Array.IndexOf(percents, 50)].OptimalTauIndex], result.MeanIou, "acc@50");
        Assert.IsTrue(result.PerDelta.Any(d => d.MaxBoxAccuracy > 0 && d.MaxBoxAccuracy < 100), "a non-trivial dataset");
    }

    private static double Iou(PixelBox a, PixelBox b)
    {
        long iw = Math.Max(0, Math.Min(a.X1, b.X1) - Math.Max(a.X0, b.X0) + 1);
        long ih = Math.Max(0, Math.Min(a.Y1, b.Y1) - Math.Max(a.Y0, b.Y0) + 1);
        long areaA = (long)(a.X1 - a.X0 + 1) * (a.Y1 - a.Y0 + 1);
        long areaB = (long)(b.X1 - b.X0 + 1) * (b.Y1 - b.Y0 + 1);
        return (double)(iw * ih) / (areaA + areaB - iw * ih);
    }
}
