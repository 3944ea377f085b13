using System;
using System.Collections.Generic;
using Rfga.MLNet.Network;
using static TorchSharp.torch;

namespace Rfga.MLNet.Weights;

/// <summary>
/// Writes a <see cref="WsolNetwork"/>'s weights as a PyTorch <c>.pth</c>, a safetensors file or a TorchSharp <c>.dat</c>,
/// under names a PyTorch user can load: the backbone's keys are torchvision's (<c>conv1.weight</c>,
/// <c>layer4.2.bn2.running_var</c>, …, no prefix), the attention module's are <c>attention.*</c> (RFGA:
/// <c>attention.conv_c.weight</c>, <c>attention.bn_c.*</c>, <c>attention.conv_h.*</c>, …) and the 1×1 class-map head is
/// <c>classifier.weight</c> [K, C, 1, 1].
/// </summary>
/// <remarks>
/// A torchvision ResNet takes the backbone with <c>load_state_dict(sd, strict=False)</c>. With no attention module,
/// <c>fc.weight = classifier.weight.flatten(1)</c> and a zero <c>fc.bias</c> give the same logits, since global average
/// pooling commutes with the bias-free 1×1 head. <see cref="WsolNetworkImporter"/> reads the files back strictly.
/// </remarks>
public static class WsolNetworkExporter
{
    /// <summary>The prefix of the attention module's keys.</summary>
    public const string AttentionPrefix = "attention.";

    /// <summary>The prefix of the class-map head's keys (<c>classifier.weight</c>).</summary>
    public const string ClassifierPrefix = "classifier.";

    /// <summary>The prefix of the backbone's keys inside <see cref="WsolNetwork"/> (dropped on export).</summary>
    internal const string BackbonePrefix = "backbone.";

    /// <summary>Writes <paramref name="network"/>'s weights to <paramref name="path"/> atomically.</summary>
    /// <param name="network">The network (left unchanged, on its device).</param>
    /// <param name="path">The file to write; its folder is created.</param>
    /// <param name="format">The format, or null to take it from the extension (.pth/.pt, .safetensors, .dat).</param>
    public static void Save(WsolNetwork network, string path, WeightsFormat? format = null)
    {
        ArgumentNullException.ThrowIfNull(network);
        ArgumentException.ThrowIfNullOrEmpty(path);
        var chosen = format ?? StateDictFile.FormatForExtension(path);
        StateDictFile.Write(path, StateDict(network), chosen);
    }

    /// <summary>The network's tensors under their exported names (the network's own tensors, not copies: do not dispose them).</summary>
    /// <param name="network">The network.</param>
    public static IReadOnlyDictionary<string, Tensor> StateDict(WsolNetwork network)
    {
        ArgumentNullException.ThrowIfNull(network);
        var result = new Dictionary<string, Tensor>(StringComparer.Ordinal);
        foreach (var (key, value) in network.state_dict()) result.Add(ExportedKey(key), value);
        return result;
    }

    /// <summary>The exported name of a <see cref="WsolNetwork"/> state-dict key: the backbone's prefix is dropped.</summary>
    internal static string ExportedKey(string networkKey) =>
        networkKey.StartsWith(BackbonePrefix, StringComparison.Ordinal) ? networkKey[BackbonePrefix.Length..] : networkKey;
}
