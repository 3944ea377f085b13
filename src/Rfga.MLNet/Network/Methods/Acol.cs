using System;
using static TorchSharp.torch;

namespace Rfga.MLNet.Network;

/// <summary>
/// <see cref="WsolMethod.Acol"/>, adversarial complementary learning (Zhang et al., CVPR 2018; PAPER.md §7): the 1×1
/// classifier is replaced by two heads A and B (<see cref="AcolHead"/>); B sees the features zeroed where A's min-max
/// normalised map of the guiding class is ≥ the erasing threshold; loss CE(A) + CE(B).
/// </summary>
internal sealed class Acol(AcolOptions options) : IWsolMethod
{
    /// <summary>The settings.</summary>
    public AcolOptions Options { get; } = options;

    /// <inheritdoc />
    public WsolHead? CreateHead(long channels, int classCount) =>
        new AcolHead(channels, Options.HeadWidthFor(channels), classCount, Options.ErasingThreshold);

    /// <inheritdoc />
    public Tensor Loss(WsolOutput output, MethodBatch batch)
    {
        var b = output.AuxiliaryLogits
            ?? throw new InvalidOperationException("ACoL's loss needs head B's logits: run the network in training mode.");
        using var scope = NewDisposeScope();
        var loss = nn.functional.cross_entropy(output.Logits, batch.Labels) + nn.functional.cross_entropy(b, batch.Labels);
        return loss.MoveToOuterDisposeScope();
    }

    /// <summary>
    /// The erasing keep mask [B, 1, h, w] (in <paramref name="mapsA"/>' dtype): 0 where the min-max normalised map
    /// S_A[b, classes[b]] is ≥ <paramref name="threshold"/>, 1 elsewhere. A constant map (or one with NaN) erases
    /// nothing, as the reference's 0/0 = NaN compares false.
    /// </summary>
    /// <param name="mapsA">Head A's class maps [B, K, h, w] (detached by the caller or not; no gradient flows through the mask).</param>
    /// <param name="classes">The guiding class of each image, [B].</param>
    /// <param name="threshold">The erasing threshold, in [0, 1].</param>
    internal static Tensor KeepMask(Tensor mapsA, Tensor classes, double threshold)
    {
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        long b = mapsA.shape[0];
        var attention = ClassActivationMaps.OfClass(mapsA.detach(), classes);          // [B, h, w]
        var flat = attention.reshape(b, -1);
        var min = flat.amin([1], keepdim: true);
        var range = flat.amax([1], keepdim: true) - min;
        var valid = range.gt(0) & flat.isnan().any(1, keepdim: true).logical_not();
        var normalized = (flat - min) / range.where(valid, ones_like(range));
        var erase = normalized.ge(threshold) & valid;
        return erase.logical_not().to_type(mapsA.dtype).view(attention.shape[0], 1, attention.shape[1], attention.shape[2])
            .MoveToOuterDisposeScope();
    }

    /// <summary>Each map of <paramref name="maps"/> [B, K, h, w] min-max normalised to [0, 1] over h·w; a constant map becomes 0.</summary>
    internal static Tensor NormalizeEachMap(Tensor maps)
    {
        using var scope = NewDisposeScope();
        var flat = maps.flatten(2);
        var min = flat.amin([2], keepdim: true);
        var range = flat.amax([2], keepdim: true) - min;
        var valid = range.gt(0);
        var normalized = ((flat - min) / range.where(valid, ones_like(range))).where(valid, zeros_like(flat));
        return normalized.view(maps.shape).MoveToOuterDisposeScope();
    }
}
