using System;
using Rfga.MLNet.Common;
using static TorchSharp.torch;

namespace Rfga.MLNet.Network;

/// <summary>
/// <see cref="WsolMethod.CutMix"/> (Yun et al., ICCV 2019; PAPER.md §7; wsolevaluation's <c>cutmix.py</c>): with
/// probability p a batch is mixed: λ ~ Beta(β, β); a box of sides ⌊W·√(1−λ)⌋ × ⌊H·√(1−λ)⌋ (halved on each side of a
/// uniform centre, clipped to the image) is pasted from a shuffled copy of the batch; λ is reset to 1 − box area / image
/// area; loss λ·CE(y) + (1−λ)·CE(y_shuffled). Training only.
/// </summary>
/// <remarks>
/// Draw order from the trainer's stream: u (mix when u &lt; p), λ (exactly one uniform when β = 1; otherwise
/// Marsaglia–Tsang gammas), the permutation (Fisher–Yates), then the centre x and y. The box is
/// [x0, x1) × [y0, y1) with x0 = clip(cx − ⌊cut_w/2⌋), x1 = clip(cx + ⌊cut_w/2⌋), as the reference (which names the
/// axes the other way round; for the square crops used here that changes nothing).
/// </remarks>
internal sealed class CutMix(CutMixOptions options) : IWsolMethod
{
    /// <summary>The settings.</summary>
    public CutMixOptions Options { get; } = options;

    /// <inheritdoc />
    public MethodBatch PrepareBatch(Tensor images, Tensor labels, ref SplitMix64 random)
    {
        if (!(random.NextDouble() < Options.Probability)) return new MethodBatch(images, labels);
        int b = (int)images.shape[0], h = (int)images.shape[2], w = (int)images.shape[3];
        double lambda = SampleBeta(Options.Beta, ref random);
        var permutation = Permutation(b, ref random);
        int cx = random.NextInt(w), cy = random.NextInt(h);
        var box = Box(w, h, lambda, cx, cy);
        using var scope = NewDisposeScope();
        var order = tensor(Array.ConvertAll(permutation, i => (long)i), ScalarType.Int64, images.device);
        var mixed = Paste(images, order, box);
        var mixedLabels = labels.index_select(0, order);
        return new MethodBatch(mixed.MoveToOuterDisposeScope(), labels)
        {
            MixedLabels = mixedLabels.MoveToOuterDisposeScope(),
            MixRatio = MixRatio(box, w, h),
        };
    }

    /// <inheritdoc />
    public Tensor Loss(WsolOutput output, MethodBatch batch)
    {
        if (batch.MixedLabels is null) return nn.functional.cross_entropy(output.Logits, batch.Labels);
        using var scope = NewDisposeScope();
        var loss = nn.functional.cross_entropy(output.Logits, batch.Labels) * batch.MixRatio
                   + nn.functional.cross_entropy(output.Logits, batch.MixedLabels) * (1 - batch.MixRatio);
        return loss.MoveToOuterDisposeScope();
    }

    /// <summary>The pasted box [X0, X1) × [Y0, Y1) for λ and centre (cx, cy) on a width × height image (the reference's rand_bbox).</summary>
    internal static (int X0, int Y0, int X1, int Y1) Box(int width, int height, double lambda, int cx, int cy)
    {
        double cutRatio = Math.Sqrt(1 - lambda);
        int cutW = (int)(width * cutRatio), cutH = (int)(height * cutRatio);
        return (Math.Clamp(cx - cutW / 2, 0, width), Math.Clamp(cy - cutH / 2, 0, height),
                Math.Clamp(cx + cutW / 2, 0, width), Math.Clamp(cy + cutH / 2, 0, height));
    }

    /// <summary>λ after pasting: 1 − box area / image area.</summary>
    internal static double MixRatio((int X0, int Y0, int X1, int Y1) box, int width, int height) =>
        1 - (double)(box.X1 - box.X0) * (box.Y1 - box.Y0) / ((double)width * height);

    /// <summary><paramref name="images"/> [B, C, H, W] with the box copied from image <paramref name="order"/>[i] into image i (a new tensor).</summary>
    internal static Tensor Paste(Tensor images, Tensor order, (int X0, int Y0, int X1, int Y1) box)
    {
        using var scope = NewDisposeScope();
        var mixed = images.clone();
        int bw = box.X1 - box.X0, bh = box.Y1 - box.Y0;
        if (bw > 0 && bh > 0)
        {
            var source = images.index_select(0, order).narrow(2, box.Y0, bh).narrow(3, box.X0, bw);
            mixed.narrow(2, box.Y0, bh).narrow(3, box.X0, bw).copy_(source);
        }
        return mixed.MoveToOuterDisposeScope();
    }

    /// <summary>A uniformly random permutation of 0..n−1 (Fisher–Yates from the top).</summary>
    internal static int[] Permutation(int n, ref SplitMix64 random)
    {
        var p = new int[n];
        for (int i = 0; i < n; i++) p[i] = i;
        for (int i = n - 1; i > 0; i--)
        {
            int j = random.NextInt(i + 1);
            (p[i], p[j]) = (p[j], p[i]);
        }
        return p;
    }

    /// <summary>A Beta(β, β) draw: one uniform for β = 1; otherwise X / (X + Y) with X, Y ~ Gamma(β).</summary>
    internal static double SampleBeta(double beta, ref SplitMix64 random)
    {
        if (beta == 1) return random.NextDouble();
        double x = SampleGamma(beta, ref random), y = SampleGamma(beta, ref random);
        return x + y > 0 ? x / (x + y) : 0.5;
    }

    /// <summary>Gamma(a, 1) by Marsaglia and Tsang (2000), boosted by U^(1/a) for a &lt; 1.</summary>
    private static double SampleGamma(double a, ref SplitMix64 random)
    {
        if (a < 1) return SampleGamma(a + 1, ref random) * Math.Pow(random.NextDouble(), 1 / a);
        double d = a - 1.0 / 3, c = 1 / Math.Sqrt(9 * d);
        while (true)
        {
            double z = SampleNormal(ref random), v = 1 + c * z;
            if (v <= 0) continue;
            v = v * v * v;
            double u = random.NextDouble();
            if (u < 1 - 0.0331 * z * z * z * z) return d * v;
            if (Math.Log(u) < 0.5 * z * z + d * (1 - v + Math.Log(v))) return d * v;
        }
    }

    /// <summary>A standard normal draw (Box–Muller, cosine branch).</summary>
    private static double SampleNormal(ref SplitMix64 random)
    {
        double u1 = 1 - random.NextDouble(), u2 = random.NextDouble();
        return Math.Sqrt(-2 * Math.Log(u1)) * Math.Cos(2 * Math.PI * u2);
    }
}
