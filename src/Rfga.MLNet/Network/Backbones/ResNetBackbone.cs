using System;
using System.Collections.Generic;
using System.Linq;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Rfga.MLNet.Network;

/// <summary>
/// torchvision's ResNet trunk without avgpool and fc: conv1 (7×7, stride 2) → bn1 → ReLU → maxpool (3×3, stride 2)
/// → layer1..layer4. Image [B, 3, H, W] → features [B, 512·expansion, H/s, W/s] (after the last ReLU, so ≥ 0).
/// layer4 runs at stride 1 for WSOL by default (PAPER.md §3: <c>layer4.0</c>'s strided conv and its downsample
/// conv), so s = 16 and a 448² image gives a 28×28 map; weight shapes do not depend on the stride.
/// </summary>
/// <remarks>
/// Module and parameter names equal torchvision's state-dict keys (conv1.weight, bn1.running_mean,
/// layer4.0.downsample.0.weight, ...), so a torchvision or TorchSharp ResNet state dict loads with strict checks
/// once fc.weight and fc.bias are skipped. Initialisation as torchvision: Kaiming normal (fan_out, ReLU) for every
/// convolution, BatchNorm γ = 1, β = 0.
/// </remarks>
public sealed class ResNetBackbone : WsolBackbone
{
    /// <summary>ResNet-50's blocks per stage (torchvision resnet50).</summary>
    public static readonly IReadOnlyList<int> ResNet50Layers = [3, 4, 6, 3];

    /// <summary>ResNet-18's blocks per stage (torchvision resnet18).</summary>
    public static readonly IReadOnlyList<int> ResNet18Layers = [2, 2, 2, 2];

    /// <summary>Blocks per stage of the CNTK ImageNet ResNet-18 (Microsoft.ML.DnnImageFeaturizer.ResNet18; notes/pretrained.md).</summary>
    public static readonly IReadOnlyList<int> ResNet18CntkLayers = [2, 2, 2, 3];

    /// <summary>The <c>planes</c> of layer1..layer4 (torchvision: 64, 128, 256, 512).</summary>
    public static readonly IReadOnlyList<long> StagePlanes = [64, 128, 256, 512];

    /// <summary>The strides of layer1..layer3 (torchvision); layer4's is <see cref="Layer4Stride"/>.</summary>
    public static readonly IReadOnlyList<long> StageStrides = [1, 2, 2];

    /// <summary>Output channels of the stem conv1 (torchvision: 64).</summary>
    public static readonly long StemWidth = 64;

    /// <summary>Total stride of the stem (conv1 stride 2 × maxpool stride 2).</summary>
    public static readonly int StemStride = 4;

    private readonly Conv2d conv1;
    private readonly WsolBatchNorm bn1;
    private readonly MaxPool2d maxpool;
    private readonly Sequential layer1, layer2, layer3, layer4;
    private readonly nn.Module<Tensor, Tensor>[] blocks;

    /// <summary>Creates a ResNet trunk initialised as torchvision does (from torch's global RNG).</summary>
    /// <param name="block">The residual block.</param>
    /// <param name="layers">Blocks per stage: four values ≥ 1.</param>
    /// <param name="layer4Stride">1 for WSOL (PAPER.md §3, default) or 2 for the stock classifier layout.</param>
    public ResNetBackbone(ResNetBlockKind block, IReadOnlyList<int> layers, int layer4Stride = 1) : base(nameof(ResNetBackbone))
    {
        ArgumentNullException.ThrowIfNull(layers);
        if (!Enum.IsDefined(block)) throw new ArgumentOutOfRangeException(nameof(block), block, "allowed: Basic, Bottleneck");
        if (layers.Count != StagePlanes.Count || layers.Any(n => n < 1))
            throw new ArgumentOutOfRangeException(nameof(layers), string.Join(", ", layers), "allowed: four block counts, each ≥ 1");
        if (layer4Stride != 1 && layer4Stride != 2)
            throw new ArgumentOutOfRangeException(nameof(layer4Stride), layer4Stride, "allowed: 1 (WSOL) or 2 (stock)");
        Block = block;
        Layers = layers.ToArray();
        Layer4Stride = layer4Stride;
        long expansion = block == ResNetBlockKind.Basic ? BasicBlock.Expansion : Bottleneck.Expansion;

        conv1 = nn.Conv2d(3, StemWidth, 7, stride: 2, padding: 3, bias: false);
        bn1 = new WsolBatchNorm(StemWidth);
        maxpool = nn.MaxPool2d(3, stride: 2, padding: 1);
        long inPlanes = StemWidth;
        var stages = new Sequential[StagePlanes.Count];
        for (int s = 0; s < stages.Length; s++)
        {
            long stride = s < StageStrides.Count ? StageStrides[s] : layer4Stride;
            var stage = new List<(string, nn.Module<Tensor, Tensor>)>();
            for (int i = 0; i < layers[s]; i++)
            {
                long blockStride = i == 0 ? stride : 1;
                stage.Add((i.ToString(System.Globalization.CultureInfo.InvariantCulture), block == ResNetBlockKind.Basic
                    ? new BasicBlock(inPlanes, StagePlanes[s], blockStride)
                    : new Bottleneck(inPlanes, StagePlanes[s], blockStride)));
                inPlanes = StagePlanes[s] * expansion;
            }
            stages[s] = nn.Sequential(stage);
        }
        (layer1, layer2, layer3, layer4) = (stages[0], stages[1], stages[2], stages[3]);
        OutChannels = inPlanes;
        Stride = StemStride * (int)StageStrides.Skip(1).Aggregate(1L, (a, b) => a * b) * layer4Stride;
        RegisterComponents();
        blocks = stages.SelectMany(st => st.children()).Cast<nn.Module<Tensor, Tensor>>().ToArray();

        using var noGrad = no_grad();
        foreach (var (_, module) in named_modules())
        {
            switch (module)
            {
                case Conv2d conv:
                    nn.init.kaiming_normal_(conv.weight, mode: nn.init.FanInOut.FanOut, nonlinearity: nn.init.NonlinearityType.ReLU);
                    break;
                case WsolBatchNorm norm:
                    nn.init.constant_(norm.Weight, 1);
                    nn.init.constant_(norm.Bias, 0);
                    break;
            }
        }
    }

    /// <summary>torchvision's ResNet-50 trunk (the paper's backbone).</summary>
    /// <param name="layer4Stride">1 for WSOL (default) or 2.</param>
    public static ResNetBackbone ResNet50(int layer4Stride = 1) => new(ResNetBlockKind.Bottleneck, ResNet50Layers, layer4Stride);

    /// <summary>torchvision's ResNet-18 trunk, layers [2, 2, 2, 2].</summary>
    /// <param name="layer4Stride">1 for WSOL (default) or 2.</param>
    public static ResNetBackbone ResNet18(int layer4Stride = 1) => new(ResNetBlockKind.Basic, ResNet18Layers, layer4Stride);

    /// <summary>ResNet-18 with layers [2, 2, 2, 3], the layout of the pretrained CNTK ResNet-18 (notes/pretrained.md).</summary>
    /// <param name="layer4Stride">1 for WSOL (default) or 2.</param>
    public static ResNetBackbone ResNet18Cntk(int layer4Stride = 1) => new(ResNetBlockKind.Basic, ResNet18CntkLayers, layer4Stride);

    /// <summary>The residual block type.</summary>
    public ResNetBlockKind Block { get; }

    /// <summary>Blocks per stage.</summary>
    public IReadOnlyList<int> Layers { get; }

    /// <summary>The stride of layer4's first block (1 for WSOL).</summary>
    public int Layer4Stride { get; }

    /// <inheritdoc />
    public override long OutChannels { get; }

    /// <inheritdoc />
    public override int Stride { get; }

    /// <inheritdoc />
    public override Tensor forward(Tensor x)
    {
        using var scope = NewDisposeScope();
        // Each intermediate is released as soon as the next exists: one live block output at a time keeps the
        // inference peak memory about half of a whole-forward scope (notes/performance.md finding 4).
        var stem = conv1.call(x);
        var y = Next(stem, bn1.call(stem)).relu_();
        y = Next(y, maxpool.call(y));
        foreach (var block in blocks) y = Next(y, block.call(y));
        return y.MoveToOuterDisposeScope();
    }

    private static Tensor Next(Tensor previous, Tensor next)
    {
        previous.Dispose();
        return next;
    }

    /// <summary>Validates the arguments shared by <see cref="BasicBlock"/> and <see cref="Bottleneck"/>.</summary>
    internal static void CheckBlockArguments(long inPlanes, long planes, long stride)
    {
        if (inPlanes < 1) throw new ArgumentOutOfRangeException(nameof(inPlanes), inPlanes, "allowed: ≥ 1");
        if (planes < 1) throw new ArgumentOutOfRangeException(nameof(planes), planes, "allowed: ≥ 1");
        if (stride != 1 && stride != 2) throw new ArgumentOutOfRangeException(nameof(stride), stride, "allowed: 1 or 2");
    }

    /// <inheritdoc />
    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            conv1.Dispose();
            bn1.Dispose();
            maxpool.Dispose();
            layer1.Dispose(); layer2.Dispose(); layer3.Dispose(); layer4.Dispose();
        }
        base.Dispose(disposing);
    }
}
