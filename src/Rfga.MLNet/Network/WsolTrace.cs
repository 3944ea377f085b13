using System;

namespace Rfga.MLNet.Network;

/// <summary>A network forward pass with its attention intermediates (for figures); dispose it.</summary>
/// <param name="Output">Logits and class maps, as <see cref="WsolNetwork.forward"/> returns them.</param>
/// <param name="Attention">X, X̂, M and the view attentions of the attention module (X̂ = X without a module).</param>
public sealed record WsolTrace(WsolOutput Output, AttentionTrace Attention) : IDisposable
{
    /// <summary>Disposes every tensor.</summary>
    public void Dispose()
    {
        Output.Dispose();
        Attention.Dispose();
    }
}
