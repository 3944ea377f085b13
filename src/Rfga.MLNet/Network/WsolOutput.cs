using System;
using static TorchSharp.torch;

namespace Rfga.MLNet.Network;

/// <summary>What a WSOL network returns in training and in evaluation alike.</summary>
/// <param name="Logits">Class scores before softmax, [B, K].</param>
/// <param name="ClassMaps">Per-class activation maps S before pooling, [B, K, h, w].</param>
public sealed record WsolOutput(Tensor Logits, Tensor ClassMaps) : IDisposable
{
    /// <summary>Disposes both tensors.</summary>
    public void Dispose()
    {
        Logits.Dispose();
        ClassMaps.Dispose();
    }
}
