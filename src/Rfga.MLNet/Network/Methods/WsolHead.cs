using static TorchSharp.torch;

namespace Rfga.MLNet.Network;

/// <summary>
/// A class-map head that replaces the 1×1 classifier (ACoL's): recalibrated features X̂ [B, C, h, w] and optional
/// guiding class indices [B] → logits [B, K] and class maps [B, K, h, w]. The result's tensors are moved to the
/// caller's dispose scope.
/// </summary>
internal abstract class WsolHead : nn.Module<Tensor, Tensor?, WsolOutput>
{
    /// <summary>Creates the head module with the given name.</summary>
    protected WsolHead(string name) : base(name) { }
}
