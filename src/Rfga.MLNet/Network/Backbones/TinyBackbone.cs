using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Rfga.MLNet.Network;

/// <summary>
/// A small CNN for CPU demos and tests: four 3×3 conv–BN–ReLU layers, widths 32, 64, 128, 128, strides
/// 2, 1, 2, 1 (total stride 4: a 64×64 image gives a 16×16 feature map).
/// </summary>
public sealed class TinyBackbone : WsolBackbone
{
    /// <summary>Channel widths of the four layers.</summary>
    public static readonly long[] Widths = [32, 64, 128, 128];

    /// <summary>Strides of the four layers.</summary>
    public static readonly long[] Strides = [2, 1, 2, 1];

    private readonly Sequential features;

    /// <summary>Creates the backbone with PyTorch-default initialisation (seeded by torch's global RNG).</summary>
    public TinyBackbone() : base(nameof(TinyBackbone))
    {
        var layers = new System.Collections.Generic.List<(string, nn.Module<Tensor, Tensor>)>();
        long inChannels = 3;
        for (int i = 0; i < Widths.Length; i++)
        {
            layers.Add(($"conv{i + 1}", nn.Conv2d(inChannels, Widths[i], 3, stride: Strides[i], padding: 1, bias: false)));
            layers.Add(($"bn{i + 1}", new WsolBatchNorm(Widths[i])));
            layers.Add(($"relu{i + 1}", nn.ReLU(inplace: true)));
            inChannels = Widths[i];
        }
        features = nn.Sequential(layers);
        RegisterComponents();
    }

    /// <inheritdoc />
    public override long OutChannels => Widths[^1];

    /// <inheritdoc />
    public override int Stride { get; } = (int)System.Linq.Enumerable.Aggregate(Strides, 1L, (a, s) => a * s);

    /// <inheritdoc />
    public override Tensor forward(Tensor x) => features.forward(x);

    /// <inheritdoc />
    protected override void Dispose(bool disposing)
    {
        if (disposing) features.Dispose();
        base.Dispose(disposing);
    }
}
