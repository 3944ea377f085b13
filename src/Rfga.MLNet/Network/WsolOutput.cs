using System;
using static TorchSharp.torch;

namespace Rfga.MLNet.Network;

/// <summary>What a WSOL network returns in training and in evaluation alike.</summary>
/// <param name="Logits">Class scores before softmax, [B, K].</param>
/// <param name="ClassMaps">Per-class activation maps S before pooling, [B, K, h, w].</param>
public sealed record WsolOutput(Tensor Logits, Tensor ClassMaps) : IDisposable
{
    /// <summary>The raw CAM S[b, classes[b]] of each row, [B, h, w] (a new tensor; not upsampled or normalised).</summary>
    /// <param name="classes">One class index per row, [B] (integer).</param>
    public Tensor ClassActivationMap(Tensor classes) => ClassActivationMaps.OfClass(ClassMaps, classes);

    /// <summary>Logits [B, K] of a second head trained alongside (ACoL's head B), in training mode; otherwise null.</summary>
    public Tensor? AuxiliaryLogits { get; init; }

    /// <summary>Disposes every tensor.</summary>
    public void Dispose()
    {
        Logits.Dispose();
        ClassMaps.Dispose();
        AuxiliaryLogits?.Dispose();
    }
}
