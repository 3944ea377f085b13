using static TorchSharp.torch;

namespace Rfga.MLNet.Network;

/// <summary>A training batch as a <see cref="IWsolMethod"/> prepared it (tensors owned by the step's dispose scope).</summary>
/// <param name="Images">What the network sees, [B, 3, H, W].</param>
/// <param name="Labels">Class indices [B] (int64): the loss target, and the class that guides ACoL's erasing.</param>
internal sealed record MethodBatch(Tensor Images, Tensor Labels)
{
    /// <summary>CutMix: the classes of the images the pasted boxes came from, [B] (int64); null when nothing was pasted.</summary>
    public Tensor? MixedLabels { get; init; }

    /// <summary>CutMix: λ, the weight of <see cref="Labels"/>' cross-entropy (1 − λ weighs <see cref="MixedLabels"/>'), in [0, 1].</summary>
    public double MixRatio { get; init; } = 1;
}
