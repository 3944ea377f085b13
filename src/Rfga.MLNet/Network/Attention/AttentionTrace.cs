using System;
using static TorchSharp.torch;

namespace Rfga.MLNet.Network;

/// <summary>
/// The tensors of one attention forward pass, for figures (PAPER.md Figs. 5–6). All tensors are owned by the
/// trace: dispose it.
/// </summary>
/// <param name="X">The module input X (backbone features), [B, C, H, W].</param>
/// <param name="XHat">The recalibrated features X̂, [B, C, H, W].</param>
/// <param name="M">
/// The multiplicative attention, broadcastable to [B, C, H, W]: X̂ = X ⊙ M (RFGA w/o R, SE, ECA, CBAM) or
/// X + X ⊙ M (RFGA w/ R). RFGA: [B, C, H, W]; SE and ECA: [B, C, 1, 1]; CBAM: M_c ⊙ M_s, [B, C, H, W];
/// null without a module.
/// </param>
/// <param name="Zc">Channel attention, [B, C, 1, 1]: RFGA's z_c, SE's and ECA's gate, CBAM's M_c; null where absent.</param>
/// <param name="Zh">RFGA's height attention z_h, [B, C, H, 1]; null where absent.</param>
/// <param name="Zw">RFGA's width attention z_w, [B, C, 1, W]; null where absent.</param>
public sealed record AttentionTrace(Tensor X, Tensor XHat, Tensor? M, Tensor? Zc, Tensor? Zh, Tensor? Zw) : IDisposable
{
    /// <summary>The attended feature A(X) = X ⊙ M of Figs. 2 and 5 (a new tensor; for no module, a copy of X).</summary>
    public Tensor Attended() => M is null ? X.clone() : X * M;

    /// <summary>
    /// This trace with every tensor NCHW-contiguous (copies where the features ran channels-last, aliases otherwise),
    /// in the current dispose scope; this trace's tensors are left to their scope.
    /// </summary>
    internal AttentionTrace Contiguous() =>
        new(X.contiguous(), XHat.contiguous(), M?.contiguous(), Zc?.contiguous(), Zh?.contiguous(), Zw?.contiguous());

    /// <summary>Moves every tensor to the dispose scope outside the current one and returns this trace.</summary>
    internal AttentionTrace MoveToOuterDisposeScope()
    {
        X.MoveToOuterDisposeScope();
        XHat.MoveToOuterDisposeScope();
        M?.MoveToOuterDisposeScope();
        Zc?.MoveToOuterDisposeScope();
        Zh?.MoveToOuterDisposeScope();
        Zw?.MoveToOuterDisposeScope();
        return this;
    }

    /// <summary>Disposes every tensor of the trace.</summary>
    public void Dispose()
    {
        X.Dispose();
        XHat.Dispose();
        M?.Dispose();
        Zc?.Dispose();
        Zh?.Dispose();
        Zw?.Dispose();
    }
}
