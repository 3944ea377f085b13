using System;
using System.Linq;
using Microsoft.VisualStudio.TestTools.UnitTesting;
using Rfga.MLNet.Common;
using Rfga.MLNet.Network;
using static Rfga.MLNet.Tests.Network.TestTensors;
using static TorchSharp.torch;

namespace Rfga.MLNet.Tests.Methods;

[TestClass]
public sealed class HideAndSeekTests
{
    /// <summary>A 1×1×5×5 image with values 1..25 row-major.</summary>
    private static Tensor Ramp() => arange(1, 26, ScalarType.Float32).view(1, 1, 5, 5);

    [TestMethod]
    public void Hide_TwoChosenPatchesOfAPartialGrid_ZeroesExactlyTheirPixels()
    {
        // S = 2 on 5×5: a 3×3 grid whose last row and column are 1 pixel wide. Hide patch (row 0, col 1) = pixels
        // rows 0–1 × cols 2–3, and patch (2, 2) = the single pixel (4, 4).
        var hidden = new bool[1, 3, 3];
        hidden[0, 0, 1] = true;
        hidden[0, 2, 2] = true;
        using var image = Ramp();
        using var result = HideAndSeek.Hide(image, hidden, gridSize: 2, fill: 0);
        double[] expected =
        [
            1, 2, 0, 0, 5,
            6, 7, 0, 0, 10,
            11, 12, 13, 14, 15,
            16, 17, 18, 19, 20,
            21, 22, 23, 24, 0,
        ];
        CollectionAssert.AreEqual(expected, Values(result));
        CollectionAssert.AreEqual(Enumerable.Range(1, 25).Select(v => (double)v).ToArray(), Values(image), "the input is not modified");
    }

    [TestMethod]
    public void Hide_NonZeroFill_WritesFillInEveryChannelOfHiddenPixels()
    {
        var hidden = new bool[2, 2, 2];
        hidden[1, 1, 0] = true;                      // image 1, bottom-left 2×2 patch of a 4×4 image
        using var images = ones(2, 3, 4, 4);
        using var result = HideAndSeek.Hide(images, hidden, gridSize: 2, fill: -0.5);
        var a = Array4(result);
        for (int b = 0; b < 2; b++)
            for (int c = 0; c < 3; c++)
                for (int y = 0; y < 4; y++)
                    for (int x = 0; x < 4; x++)
                        Assert.AreEqual(b == 1 && y >= 2 && x < 2 ? -0.5 : 1.0, a[b, c, y, x], $"[{b},{c},{y},{x}]");
    }

    [TestMethod]
    public void DrawHidden_SeededStream_HidesWhereTheUniformInDrawOrderIsBelowP()
    {
        var random = new SplitMix64(77);
        var copy = random;
        var hidden = HideAndSeek.DrawHidden(batch: 2, height: 10, width: 7, gridSize: 4, probability: 0.3, ref random);
        Assert.AreEqual(3, hidden.GetLength(1), "⌈10/4⌉ rows");
        Assert.AreEqual(2, hidden.GetLength(2), "⌈7/4⌉ columns");
        for (int b = 0; b < 2; b++)
            for (int r = 0; r < 3; r++)
                for (int c = 0; c < 2; c++)
                    Assert.AreEqual(copy.NextDouble() < 0.3, hidden[b, r, c], $"[{b},{r},{c}]");
        Assert.AreEqual(copy.State, random.State, "one draw per patch");
    }

    [TestMethod]
    [DataRow(448, 64)]
    [DataRow(224, 32)]
    [DataRow(64, 9)]
    [DataRow(6, 1)]
    public void GridSizeFor_Default_IsCropOverSeven(int crop, int expected) =>
        Assert.AreEqual(expected, new HasOptions().GridSizeFor(crop));

    [TestMethod]
    public void PrepareBatch_ExplicitGrid_MatchesHideWithTheSameDraws()
    {
        var method = new HideAndSeek(new HasOptions { GridSize = 3, HideProbability = 0.5 });
        using var images = rand(3, 3, 7, 7);
        using var labels = tensor(new long[] { 0, 1, 0 });
        var random = new SplitMix64(5);
        var copy = random;
        using var scope = NewDisposeScope();
        var batch = method.PrepareBatch(images, labels, ref random);
        var hidden = HideAndSeek.DrawHidden(3, 7, 7, 3, 0.5, ref copy);
        var expected = HideAndSeek.Hide(images, hidden, 3, 0);
        Assert.IsTrue(batch.Images.eq(expected).all().item<bool>());
        Assert.AreSame(labels, batch.Labels);
        Assert.IsNull(batch.MixedLabels);
        int hiddenPatches = hidden.Cast<bool>().Count(h => h);
        Assert.IsTrue(hiddenPatches > 0 && hiddenPatches < 27, $"{hiddenPatches} of 27 patches hidden");
    }

    [TestMethod]
    public void Validate_NegativeGrid_ThrowsNamingOption()
    {
        var e = Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => new HasOptions { GridSize = 0 }.Validate());
        Assert.AreEqual("GridSize", e.ParamName);
        var spec = new WsolNetworkSpec(2, Method: WsolMethod.HaS, HaS: new HasOptions { HideProbability = 1.5 });
        Assert.AreEqual("HideProbability", Assert.ThrowsExactly<ArgumentOutOfRangeException>(spec.Validate).ParamName);
    }
}
