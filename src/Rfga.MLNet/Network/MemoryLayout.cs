using System;
using TorchSharp;
using static TorchSharp.torch;

namespace Rfga.MLNet.Network;

/// <summary>
/// Channels-last (NHWC-strided) views of [N, C, H, W] tensors. TorchSharp 0.107 has no <c>memory_format</c> API (no
/// <c>to(memory_format)</c>, no <c>contiguous(memory_format)</c>), so the layout is made by permuting to [N, H, W, C],
/// copying, and permuting back: the shape stays [N, C, H, W], the strides become (H·W·C, 1, W·C, C).
/// </summary>
/// <remarks>
/// Why: libtorch's CPU convolutions run through oneDNN, whose NHWC kernels are faster than its NCHW ones, and a
/// convolution whose input is channels-last returns channels-last output, so converting the images once makes the whole
/// backbone run in NHWC while the weights stay NCHW-contiguous (the state dict, checkpoints and model zips are unchanged).
/// Measured on 2 cores against PyTorch 1.13 in the same runs (docs/PERFORMANCE.md): SGD step ResNet-18 + RFGA b8 224²
/// 461 → 407 ms (PyTorch 453), ResNet-50 + RFGA b2 448² 1045 → 944 ms (PyTorch 1042); inference 158 → 119 and 336 → 301 ms.
/// Tensors derived from a channels-last input keep those strides: element access through TorchSharp's
/// <c>data&lt;T&gt;()</c> follows strides, but <c>bytes</c> (and so <c>Tensor.save</c> and PyBridge's pickler) refuses
/// non-contiguous tensors and raw-storage copies would see NHWC order, so <see cref="WsolNetwork"/> returns its outputs
/// NCHW-contiguous and other readers of raw memory call <c>contiguous()</c> first.
/// </remarks>
public static class MemoryLayout
{
    /// <summary>
    /// True if <paramref name="tensor"/> is 4-D with channels-last strides (H·W·C, 1, W·C, C); strides of dimensions of
    /// size 1 are ignored, as torch does.
    /// </summary>
    public static bool IsChannelsLast(Tensor tensor)
    {
        ArgumentNullException.ThrowIfNull(tensor);
        if (tensor.dim() != 4) return false;
        long[] shape = tensor.shape, strides = tensor.stride();
        // Dimension order of the storage, innermost first: C, W, H, N.
        long expected = 1;
        foreach (int d in (ReadOnlySpan<int>)[1, 3, 2, 0])
        {
            if (shape[d] != 1 && strides[d] != expected) return false;
            expected *= shape[d];
        }
        return true;
    }

    /// <summary>
    /// A channels-last copy of the [N, C, H, W] tensor <paramref name="tensor"/> (same shape and values, strides
    /// (H·W·C, 1, W·C, C)), or an alias if it already is channels-last. Differentiable; the argument is neither changed
    /// nor disposed; the result belongs to the current dispose scope.
    /// </summary>
    /// <param name="tensor">A 4-D tensor [N, C, H, W].</param>
    public static Tensor ToChannelsLast(Tensor tensor)
    {
        ArgumentNullException.ThrowIfNull(tensor);
        if (tensor.dim() != 4)
            throw new ArgumentException($"channels-last needs a 4-D tensor [N, C, H, W]; got {tensor.dim()} dimensions.", nameof(tensor));
        if (IsChannelsLast(tensor)) return tensor.alias();
        using var nhwc = tensor.permute(0, 2, 3, 1);
        using var copy = nhwc.contiguous();
        return copy.permute(0, 3, 1, 2);
    }

    /// <summary>
    /// The images as the backbone should see them under <paramref name="layout"/>: a channels-last copy, or an alias of
    /// <paramref name="images"/> when no conversion applies (<see cref="InputMemoryLayout.AsGiven"/>, a non-CPU device
    /// under <see cref="InputMemoryLayout.Auto"/>, or already channels-last).
    /// </summary>
    internal static Tensor ForBackbone(Tensor images, InputMemoryLayout layout)
    {
        bool convert = layout switch
        {
            InputMemoryLayout.Auto => images.device_type == DeviceType.CPU,
            InputMemoryLayout.ChannelsLast => true,
            InputMemoryLayout.AsGiven => false,
            _ => throw new ArgumentOutOfRangeException(nameof(layout), layout, "allowed: Auto, ChannelsLast, AsGiven"),
        };
        return convert ? ToChannelsLast(images) : images.alias();
    }
}
