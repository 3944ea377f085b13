using System;
using static TorchSharp.torch;

namespace Rfga.MLNet.Network;

/// <summary>
/// An attention module between the backbone's last feature map and the class-map head: X [B, C, H, W] →
/// X̂ [B, C, H, W] (PAPER.md §2, §7). Subclasses also expose their intermediate tensors for figures.
/// </summary>
public abstract class WsolAttention : nn.Module<Tensor, Tensor>
{
    /// <summary>Creates the module with the given name for <paramref name="channels"/> input channels.</summary>
    /// <param name="name">The module name.</param>
    /// <param name="channels">C, the feature channels (≥ 1).</param>
    protected WsolAttention(string name, long channels) : base(name)
    {
        if (channels < 1) throw new ArgumentOutOfRangeException(nameof(channels), channels, "allowed: ≥ 1");
        Channels = channels;
    }

    /// <summary>C, the channels of the input and output feature maps.</summary>
    public long Channels { get; }

    /// <summary>
    /// Runs the module on <paramref name="x"/> [B, C, H, W] and returns X, X̂ and the attention tensors. In training
    /// mode this updates BatchNorm running statistics exactly as <c>forward</c> does. The caller disposes the result.
    /// </summary>
    /// <param name="x">The feature map X [B, C, H, W].</param>
    public abstract AttentionTrace Trace(Tensor x);

    /// <summary>Throws unless <paramref name="x"/> is [B, C, H, W] with this module's C.</summary>
    /// <param name="x">The input to check.</param>
    protected void CheckInput(Tensor x)
    {
        ArgumentNullException.ThrowIfNull(x);
        if (x.dim() != 4 || x.shape[1] != Channels)
            throw new ArgumentException($"{GetName()} expects [B, {Channels}, H, W]; got [{string.Join(", ", x.shape)}].", nameof(x));
    }
}
