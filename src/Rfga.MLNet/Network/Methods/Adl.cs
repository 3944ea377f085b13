using System;
using System.Collections.Generic;
using System.Linq;
using Rfga.MLNet.Common;
using static TorchSharp.torch;

namespace Rfga.MLNet.Network;

/// <summary>
/// <see cref="WsolMethod.Adl"/>, the attention-based dropout layer (Choe and Shim, CVPR 2019; PAPER.md §7): parameter-free
/// layers after chosen backbone blocks. In training each layer takes the channel mean a of its input [B, C, H, W],
/// the importance map σ(a) and the drop mask [a &lt; γ·max a] (max per image), draws once per forward pass whether to
/// use the drop mask (probability ρ) or the importance map, and multiplies the features by it. Identity in evaluation.
/// </summary>
/// <remarks>
/// Positions (<see cref="PositionsFor"/>): ResNet — after layer3 block 0 and after layer4's first and last blocks
/// (ResNet-50: layer3.0, layer4.0, layer4.2, the reference's; ResNet-18: layer3.0, layer4.0, layer4.1); the tiny CNN —
/// after its layers 3 and 4 (the analogue of "last two stages": its second stride-2 layer and the last layer). The
/// layers are forward hooks on those blocks, so the state dict is unchanged and ImageNet weights still load.
/// The trainer draws the per-layer decisions from its stream in <see cref="PrepareBatch"/> (layer order); a
/// training-mode forward outside the trainer draws from a fixed stream of this object.
/// </remarks>
internal sealed class Adl : IWsolMethod
{
    /// <summary>Seed of the stream used by training-mode forwards that the trainer did not prepare.</summary>
    internal const ulong FallbackSeed = 0xAD1;

    private readonly List<bool?> pending = [];
    private SplitMix64 fallback = new(FallbackSeed);

    /// <summary>Creates the method with <paramref name="options"/>.</summary>
    public Adl(AdlOptions options) => Options = options;

    /// <summary>The settings.</summary>
    public AdlOptions Options { get; }

    /// <summary>Module names (in the backbone) after which the layers run, in forward order; empty until attached.</summary>
    public IReadOnlyList<string> Positions { get; private set; } = [];

    /// <inheritdoc />
    public void Attach(WsolBackbone backbone)
    {
        if (Positions.Count > 0) throw new InvalidOperationException("ADL is already attached to a backbone.");
        var names = PositionsFor(backbone);
        var modules = backbone.named_modules().ToDictionary(m => m.name, m => m.module);
        for (int i = 0; i < names.Count; i++)
        {
            if (!modules.TryGetValue(names[i], out var module) || module is not nn.Module<Tensor, Tensor> block)
                throw new InvalidOperationException($"ADL position '{names[i]}' is not a module of the {backbone.GetName()} backbone.");
            int layer = i;
            pending.Add(null);
            block.register_forward_hook((m, _, output) => m.training ? Apply(output, NextDecision(layer), Options.Threshold) : output);
        }
        Positions = names;
    }

    /// <inheritdoc />
    public MethodBatch PrepareBatch(Tensor images, Tensor labels, ref SplitMix64 random)
    {
        for (int i = 0; i < pending.Count; i++) pending[i] = random.NextDouble() < Options.DropRate;
        return new MethodBatch(images, labels);
    }

    /// <summary>The ADL positions on <paramref name="backbone"/> (see the remarks).</summary>
    internal static IReadOnlyList<string> PositionsFor(WsolBackbone backbone) => backbone switch
    {
        ResNetBackbone r => new[] { "layer3.0", "layer4.0", $"layer4.{r.Layers[3] - 1}" }.Distinct().ToArray(),
        TinyBackbone => ["features.relu3", "features.relu4"],
        _ => throw new ArgumentException($"ADL has no positions for the {backbone.GetType().Name} backbone.", nameof(backbone)),
    };

    /// <summary>The importance map σ(mean over channels of <paramref name="x"/>), [B, 1, H, W].</summary>
    internal static Tensor ImportanceMap(Tensor x) => x.mean([1], keepdim: true).sigmoid();

    /// <summary>The drop mask [a &lt; γ·max a] (a = channel mean, max per image), [B, 1, H, W], in <paramref name="x"/>'s dtype.</summary>
    internal static Tensor DropMask(Tensor x, double threshold)
    {
        using var scope = NewDisposeScope();
        var a = x.mean([1], keepdim: true);
        var max = a.amax([1, 2, 3], keepdim: true);
        return a.lt(max * threshold).to_type(x.dtype).MoveToOuterDisposeScope();
    }

    /// <summary><paramref name="x"/> multiplied by its drop mask (<paramref name="useDropMask"/>) or its importance map.</summary>
    internal static Tensor Apply(Tensor x, bool useDropMask, double threshold)
    {
        using var scope = NewDisposeScope();
        var selected = useDropMask ? DropMask(x, threshold) : ImportanceMap(x);
        return x.mul(selected).MoveToOuterDisposeScope();
    }

    private bool NextDecision(int layer)
    {
        bool? decision = pending[layer];
        pending[layer] = null;
        return decision ?? fallback.NextDouble() < Options.DropRate;
    }
}
