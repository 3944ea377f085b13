using System;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Rfga.MLNet.Network;

/// <summary>
/// torchvision's ResNet BasicBlock: relu(bn2(conv2(relu(bn1(conv1(x))))) + identity), 3×3 convolutions without
/// bias, the stride on conv1; identity = downsample(x) (1×1 conv with the stride, then BN) when the stride or the
/// width changes. Input [B, inPlanes, H, W] → [B, planes, H/s, W/s]. Field names are torchvision's state-dict keys.
/// </summary>
public sealed class BasicBlock : nn.Module<Tensor, Tensor>
{
    /// <summary>Output channels per <c>planes</c> (torchvision: 1).</summary>
    public static readonly long Expansion = 1;

    private readonly Conv2d conv1, conv2;
    private readonly WsolBatchNorm bn1, bn2;
    private readonly Sequential? downsample;

    /// <summary>Creates the block.</summary>
    /// <param name="inPlanes">Input channels (≥ 1).</param>
    /// <param name="planes">Output channels (≥ 1).</param>
    /// <param name="stride">Stride of conv1 and of the downsample projection (1 or 2).</param>
    public BasicBlock(long inPlanes, long planes, long stride = 1) : base(nameof(BasicBlock))
    {
        ResNetBackbone.CheckBlockArguments(inPlanes, planes, stride);
        conv1 = nn.Conv2d(inPlanes, planes, 3, stride: stride, padding: 1, bias: false);
        bn1 = new WsolBatchNorm(planes);
        conv2 = nn.Conv2d(planes, planes, 3, stride: 1, padding: 1, bias: false);
        bn2 = new WsolBatchNorm(planes);
        if (stride != 1 || inPlanes != planes * Expansion)
            downsample = nn.Sequential(nn.Conv2d(inPlanes, planes * Expansion, 1, stride: stride, bias: false), new WsolBatchNorm(planes * Expansion));
        RegisterComponents();
    }

    /// <inheritdoc />
    public override Tensor forward(Tensor x)
    {
        using var scope = NewDisposeScope();
        var y = bn1.call(conv1.call(x)).relu_();
        y = bn2.call(conv2.call(y));
        var identity = downsample is null ? x : downsample.call(x);
        return y.add_(identity).relu_().MoveToOuterDisposeScope();
    }

    /// <inheritdoc />
    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            conv1.Dispose(); bn1.Dispose();
            conv2.Dispose(); bn2.Dispose();
            downsample?.Dispose();
        }
        base.Dispose(disposing);
    }
}
