using System;
using static TorchSharp.torch;

namespace Rfga.MLNet.Network;

/// <summary>CAM maths on tensors: pick a class's map, upsample it to the image, min-max normalise it (PAPER.md §3).</summary>
public static class ClassActivationMaps
{
    /// <summary>
    /// The raw map S[b, classes[b]] of each row b: [B, K, h, w] and [B] class indices → [B, h, w] (PAPER.md §3:
    /// the classic CAM Σ_k w_{y,k}·X̂_k, since the head is a bias-free 1×1 convolution).
    /// </summary>
    /// <param name="classMaps">Class maps S, [B, K, h, w].</param>
    /// <param name="classes">One class index per row, [B] (integer, in [0, K)).</param>
    public static Tensor OfClass(Tensor classMaps, Tensor classes)
    {
        ArgumentNullException.ThrowIfNull(classMaps);
        ArgumentNullException.ThrowIfNull(classes);
        if (classMaps.dim() != 4) throw new ArgumentException($"class maps must be [B, K, h, w]; got {classMaps.dim()} dimensions.", nameof(classMaps));
        long b = classMaps.shape[0], h = classMaps.shape[2], w = classMaps.shape[3];
        if (classes.numel() != b) throw new ArgumentException($"need one class per row ({b}); got {classes.numel()}.", nameof(classes));
        using var scope = NewDisposeScope();
        var index = classes.to_type(ScalarType.Int64).view(b, 1, 1, 1).expand(b, 1, h, w);
        return classMaps.gather(1, index).squeeze(1).MoveToOuterDisposeScope();
    }

    /// <summary>
    /// For each row b, the map S[b, classes[b]] upsampled to <paramref name="height"/>×<paramref name="width"/>
    /// (bicubic, half-pixel centres, or bilinear) and min-max normalised per image to [0, 1]; a constant map or
    /// one containing NaN becomes all zeros. Returns [B, height, width], float32.
    /// </summary>
    /// <param name="classMaps">Class maps S, [B, K, h, w].</param>
    /// <param name="classes">One class index per row, [B] (integer, in [0, K)).</param>
    /// <param name="height">Output height in pixels (the image's).</param>
    /// <param name="width">Output width in pixels (the image's).</param>
    /// <param name="bicubic">True for bicubic upsampling (the reference pipeline's), false for bilinear.</param>
    public static Tensor Normalized(Tensor classMaps, Tensor classes, long height, long width, bool bicubic = true)
    {
        if (classMaps.dim() != 4) throw new ArgumentException($"class maps must be [B, K, h, w]; got {classMaps.dim()} dimensions.", nameof(classMaps));
        using var scope = NewDisposeScope();
        long b = classMaps.shape[0];
        var picked = OfClass(classMaps, classes).unsqueeze(1);                      // [B, 1, h, w]
        var up = nn.functional.interpolate(picked, [height, width],
            mode: bicubic ? InterpolationMode.Bicubic : InterpolationMode.Bilinear, align_corners: false);
        var flat = up.view(b, -1);
        var min = flat.amin([1], keepdim: true);
        var max = flat.amax([1], keepdim: true);
        var range = max - min;
        var valid = range.gt(0) & flat.isnan().any(1, keepdim: true).logical_not();
        var normalized = (flat - min) / range.where(valid, ones_like(range));
        normalized = normalized.where(valid, zeros_like(normalized)).clamp(0, 1);
        return normalized.view(b, height, width).MoveToOuterDisposeScope();
    }
}
