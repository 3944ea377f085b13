using System;
using System.Linq;
using Microsoft.VisualStudio.TestTools.UnitTesting;
using Rfga.MLNet.Common;
using Rfga.MLNet.Network;
using static Rfga.MLNet.Tests.Network.TestTensors;
using static TorchSharp.torch;

namespace Rfga.MLNet.Tests.Methods;

[TestClass]
public sealed class CutMixTests
{
    [TestMethod]
    public void Box_QuarterAreaNearCorner_IsClippedAndRatioIsRecomputed()
    {
        // λ = 0.75 → cut ratio √0.25 = 0.5 → 5×5 on 10×10, half-side ⌊5/2⌋ = 2; centre (0, 9):
        // x ∈ [clip(−2), clip(2)) = [0, 2), y ∈ [clip(7), clip(11)) = [7, 10) → area 6 → λ' = 1 − 6/100.
        var box = CutMix.Box(10, 10, 0.75, cx: 0, cy: 9);
        Assert.AreEqual((0, 7, 2, 10), box);
        Assert.AreEqual(0.94, CutMix.MixRatio(box, 10, 10), 1e-15);
        // Centred: x ∈ [5 − 2, 5 + 2) = [3, 7): the reference's box is 2·⌊cut/2⌋ wide.
        Assert.AreEqual((3, 3, 7, 7), CutMix.Box(10, 10, 0.75, 5, 5));
        Assert.AreEqual(1.0, CutMix.MixRatio(CutMix.Box(10, 10, 1.0, 5, 5), 10, 10), "λ = 1 pastes nothing");
    }

    [TestMethod]
    public void Paste_TwoImagesSwapped_CopiesTheBoxFromThePermutedImage()
    {
        using var images = cat([zeros(1, 1, 3, 3), ones(1, 1, 3, 3)]);
        using var order = tensor(new long[] { 1, 0 });
        using var mixed = CutMix.Paste(images, order, (1, 0, 3, 2));   // columns 1–2, rows 0–1
        double[] expected =
        [
            0, 1, 1,  0, 1, 1,  0, 0, 0,      // image 0 gets image 1's ones in the box
            1, 0, 0,  1, 0, 0,  1, 1, 1,      // image 1 gets image 0's zeros
        ];
        CollectionAssert.AreEqual(expected, Values(mixed));
        Assert.AreEqual(9.0, Values(images).Sum(), "the input is not modified");
    }

    [TestMethod]
    public void Loss_MixedBatch_IsLambdaWeightedCrossEntropyOfBothLabels()
    {
        using var logits = tensor(new float[] { 2, 0, -1, 0, 1, 3 }, [2, 3]);
        using var labels = tensor(new long[] { 0, 2 });
        using var mixed = tensor(new long[] { 1, 1 });
        var batch = new MethodBatch(logits, labels) { MixedLabels = mixed, MixRatio = 0.7 };
        using var loss = new CutMix(new CutMixOptions()).Loss(new WsolOutput(logits, logits), batch);
        double Ce(double[] z, int y) => Math.Log(z.Sum(Math.Exp)) - z[y];
        double[] z0 = [2, 0, -1], z1 = [0, 1, 3];
        double expected = 0.7 * (Ce(z0, 0) + Ce(z1, 2)) / 2 + 0.3 * (Ce(z0, 1) + Ce(z1, 1)) / 2;
        Assert.AreEqual(expected, loss.item<float>(), 1e-6);
    }

    [TestMethod]
    public void PrepareBatch_SeededStream_FollowsTheDocumentedDrawOrder()
    {
        var method = new CutMix(new CutMixOptions());
        using var images = arange(4 * 2 * 8 * 8, ScalarType.Float32).view(4, 2, 8, 8);
        using var labels = tensor(new long[] { 10, 11, 12, 13 });
        var random = new SplitMix64(2024);
        var copy = random;
        using var scope = NewDisposeScope();
        var batch = method.PrepareBatch(images, labels, ref random);

        Assert.IsTrue(copy.NextDouble() < 1, "u < p = 1");
        double lambda = copy.NextDouble();                       // β = 1: λ is one uniform
        var permutation = CutMix.Permutation(4, ref copy);
        int cx = copy.NextInt(8), cy = copy.NextInt(8);
        Assert.AreEqual(copy.State, random.State, "no other draw");
        var box = CutMix.Box(8, 8, lambda, cx, cy);
        var order = tensor(permutation.Select(i => (long)i).ToArray());
        Assert.IsTrue(batch.Images.eq(CutMix.Paste(images, order, box)).all().item<bool>());
        CollectionAssert.AreEqual(permutation.Select(i => (double)(10 + i)).ToArray(), Values(batch.MixedLabels!));
        Assert.AreSame(labels, batch.Labels);
        Assert.AreEqual(CutMix.MixRatio(box, 8, 8), batch.MixRatio);
    }

    [TestMethod]
    public void PrepareBatch_ProbabilityZero_LeavesBatchUnmixed()
    {
        var method = new CutMix(new CutMixOptions { Probability = 0 });
        using var images = ones(2, 3, 4, 4);
        using var labels = tensor(new long[] { 0, 1 });
        var random = new SplitMix64(1);
        var batch = method.PrepareBatch(images, labels, ref random);
        Assert.AreSame(images, batch.Images);
        Assert.IsNull(batch.MixedLabels);
        Assert.AreEqual(1.0, batch.MixRatio);
    }

    [TestMethod]
    public void SampleBeta_BetaTwo_HasTheoreticalMeanAndVariance()
    {
        // Beta(2, 2): mean 1/2, variance 1/(4·(2β + 1)) = 0.05.
        var random = new SplitMix64(99);
        var draws = new double[20_000];
        for (int i = 0; i < draws.Length; i++) draws[i] = CutMix.SampleBeta(2, ref random);
        double mean = draws.Average(), variance = draws.Select(d => (d - mean) * (d - mean)).Average();
        Assert.IsTrue(draws.All(d => d is >= 0 and <= 1));
        Assert.AreEqual(0.5, mean, 0.01);
        Assert.AreEqual(0.05, variance, 0.003);
    }

    [TestMethod]
    public void Permutation_SeededStream_IsAPermutation()
    {
        var random = new SplitMix64(3);
        var p = CutMix.Permutation(20, ref random);
        CollectionAssert.AreEquivalent(Enumerable.Range(0, 20).ToArray(), p);
    }
}
