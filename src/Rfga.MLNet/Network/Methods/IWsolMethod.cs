using Rfga.MLNet.Common;
using static TorchSharp.torch;

namespace Rfga.MLNet.Network;

/// <summary>
/// A training-time WSOL technique (PAPER.md §7) as the hooks the network and the trainer call; the defaults are plain
/// CAM training. <see cref="NetworkFactory.CreateMethod"/> is the one place that maps <see cref="WsolMethod"/> to an
/// implementation (one file each in <c>Network/Methods/</c>).
/// </summary>
/// <remarks>
/// Order within a training step (<c>WsolTrainer</c>): <see cref="PrepareBatch"/> (after augmentation) → network forward
/// with the batch's labels → <see cref="Loss"/> → backward. Every random decision is drawn from the trainer's
/// checkpointed <see cref="SplitMix64"/> stream, so a resumed run stays bit-exact.
/// </remarks>
internal interface IWsolMethod
{
    /// <summary>Network structure: called once, after the network's modules exist (ADL hooks its layers in here).</summary>
    /// <param name="backbone">The network's backbone.</param>
    void Attach(WsolBackbone backbone) { }

    /// <summary>Network structure: a head replacing the 1×1 class-map classifier (ACoL's two heads), or null for the classifier.</summary>
    /// <param name="channels">C, the channels of the recalibrated features.</param>
    /// <param name="classCount">K.</param>
    WsolHead? CreateHead(long channels, int classCount) => null;

    /// <summary>
    /// Training: the batch the network sees (HaS hides patches, CutMix pastes a box) and whatever the loss needs.
    /// Tensors it creates belong to the caller's dispose scope; it never disposes or alters its arguments.
    /// </summary>
    /// <param name="images">Normalised, augmented training crops [B, 3, H, W].</param>
    /// <param name="labels">Class indices [B] (int64).</param>
    /// <param name="random">The trainer's random stream.</param>
    MethodBatch PrepareBatch(Tensor images, Tensor labels, ref SplitMix64 random) => new(images, labels);

    /// <summary>Training: the scalar loss of <paramref name="output"/> (default: softmax cross-entropy with the batch's labels).</summary>
    /// <param name="output">The network's training-mode output on <paramref name="batch"/>'s images.</param>
    /// <param name="batch">What <see cref="PrepareBatch"/> returned.</param>
    Tensor Loss(WsolOutput output, MethodBatch batch) => nn.functional.cross_entropy(output.Logits, batch.Labels);
}
