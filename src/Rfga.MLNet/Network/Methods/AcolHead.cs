using System;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Rfga.MLNet.Network;

/// <summary>
/// ACoL's two classifier heads (PAPER.md §7; layout of wsolevaluation's ResNetAcol): each is Conv3×3(C→W, pad 1) + ReLU,
/// Conv3×3(W→W, pad 1) + ReLU, Conv1×1(W→K), all with bias; logits = GAP of the maps. Head B runs on the features
/// erased by head A's map of the guiding class (<see cref="Acol.KeepMask"/>: the given labels, else A's top-1).
/// Training output: A's logits and maps, B's logits as <see cref="WsolOutput.AuxiliaryLogits"/>. Evaluation output:
/// A's logits and the element-wise max of A's and B's per-map min-max normalised class maps (the test CAM).
/// State-dict keys: classifier_A.{0,2,4}.{weight,bias}, classifier_B.… (the reference's).
/// </summary>
internal sealed class AcolHead : WsolHead
{
    private readonly Sequential classifier_A, classifier_B;

    /// <summary>Creates both heads with PyTorch-default initialisation (torch's global RNG; A first).</summary>
    /// <param name="channels">C, input channels.</param>
    /// <param name="width">W, channels of the 3×3 convolutions.</param>
    /// <param name="classCount">K.</param>
    /// <param name="erasingThreshold">The erasing threshold, in [0, 1].</param>
    public AcolHead(long channels, long width, int classCount, double erasingThreshold) : base(nameof(AcolHead))
    {
        if (channels < 1) throw new ArgumentOutOfRangeException(nameof(channels), channels, "allowed: ≥ 1");
        if (width < 1) throw new ArgumentOutOfRangeException(nameof(width), width, "allowed: ≥ 1");
        if (classCount < 2) throw new ArgumentOutOfRangeException(nameof(classCount), classCount, "allowed: ≥ 2");
        if (!(erasingThreshold >= 0 && erasingThreshold <= 1))
            throw new ArgumentOutOfRangeException(nameof(erasingThreshold), erasingThreshold, "allowed: [0, 1]");
        Width = width;
        ErasingThreshold = erasingThreshold;
        classifier_A = Branch(channels, width, classCount);
        classifier_B = Branch(channels, width, classCount);
        RegisterComponents();
    }

    /// <summary>W, the channels of the 3×3 convolutions.</summary>
    public long Width { get; }

    /// <summary>The erasing threshold.</summary>
    public double ErasingThreshold { get; }

    private static Sequential Branch(long channels, long width, int classCount) => nn.Sequential(
        ("0", nn.Conv2d(channels, width, 3, padding: 1)),
        ("1", nn.ReLU()),
        ("2", nn.Conv2d(width, width, 3, padding: 1)),
        ("3", nn.ReLU()),
        ("4", nn.Conv2d(width, classCount, 1)));

    /// <inheritdoc />
    public override WsolOutput forward(Tensor features, Tensor? labels)
    {
        using var scope = NewDisposeScope();
        var mapsA = classifier_A.call(features);
        var logitsA = mapsA.mean([2, 3]);
        var classes = labels ?? logitsA.argmax(1);
        var erased = features * Acol.KeepMask(mapsA, classes, ErasingThreshold);
        var mapsB = classifier_B.call(erased);
        if (training)
            return new WsolOutput(logitsA.MoveToOuterDisposeScope(), mapsA.MoveToOuterDisposeScope())
            {
                AuxiliaryLogits = mapsB.mean([2, 3]).MoveToOuterDisposeScope(),
            };
        var maps = Acol.NormalizeEachMap(mapsA).maximum(Acol.NormalizeEachMap(mapsB));
        return new WsolOutput(logitsA.MoveToOuterDisposeScope(), maps.MoveToOuterDisposeScope());
    }

    /// <inheritdoc />
    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            classifier_A.Dispose();
            classifier_B.Dispose();
        }
        base.Dispose(disposing);
    }
}
