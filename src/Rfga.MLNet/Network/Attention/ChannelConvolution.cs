using static TorchSharp.torch;

namespace Rfga.MLNet.Network;

/// <summary>The ECA-style 1-D convolution along the channel axis, shared by RFGA and ECA (PAPER.md §2.4a).</summary>
internal static class ChannelConvolution
{
    /// <summary>The scalar 1, created once: an implicit int → Scalar conversion per call allocates a native handle
    /// left to the finalizer (notes/performance.md finding 1).</summary>
    internal static readonly TorchSharp.Scalar One = 1;

    /// <summary>
    /// u[b, c, a, d] = Σ_j w[0, 0, j] · v[b, c + j − p, a, d], channels outside [0, C) are zero, p = (k − 1) / 2:
    /// PyTorch's conv1d cross-correlation of a Conv1d(1, 1, k) slid along the channel axis of v [B, C, A, D] at
    /// every position (a, d). Evaluated as k shifted multiply-adds, which is faster on CPU than conv1d on the
    /// permuted tensor (notes/performance.md finding 6).
    /// </summary>
    /// <param name="v">The descriptor [B, C, A, D].</param>
    /// <param name="weight">The Conv1d(1, 1, k) weight [1, 1, k], k odd.</param>
    public static Tensor CrossCorrelate(Tensor v, Tensor weight)
    {
        long k = weight.shape[2], channels = v.shape[1];
        long p = (k - 1) / 2;
        using var scope = NewDisposeScope();
        var padded = p == 0 ? v : nn.functional.pad(v, [0, 0, 0, 0, p, p]);
        var taps = weight.view(k);
        Tensor? acc = null;
        for (long j = 0; j < k; j++)
        {
            var shifted = padded.narrow(1, j, channels);
            acc = acc is null ? shifted * taps[j] : acc.addcmul(shifted, taps[j], One);
        }
        return acc!.MoveToOuterDisposeScope();
    }
}
