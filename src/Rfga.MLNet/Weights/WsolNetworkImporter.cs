using System;
using Rfga.MLNet.Network;

namespace Rfga.MLNet.Weights;

/// <summary>
/// Reads weights into a <see cref="WsolNetwork"/> or its backbone from a PyTorch <c>.pth</c>/<c>.pt</c> (zip format),
/// a safetensors file or a TorchSharp <c>.dat</c>; the format is detected from the content. Checks are strict: a missing,
/// unexpected or mis-shaped key throws <see cref="StateDictMismatchException"/> listing them all, and nothing is loaded.
/// </summary>
public static class WsolNetworkImporter
{
    /// <summary>
    /// Loads a file written by <see cref="WsolNetworkExporter"/> (or by PyTorch under the same names) into
    /// <paramref name="network"/>: every key of the network must be there with its shape, and no other key.
    /// </summary>
    /// <param name="network">A network built from the same <see cref="WsolNetworkSpec"/> as the file's.</param>
    /// <param name="path">The weights file.</param>
    public static void Load(WsolNetwork network, string path)
    {
        ArgumentNullException.ThrowIfNull(network);
        var source = StateDictFile.Read(path);
        try
        {
            StateDictLoader.Load(network, source, path, WsolNetworkExporter.ExportedKey);
        }
        finally
        {
            StateDictFile.DisposeAll(source);
        }
    }

    /// <summary>Builds a network from <paramref name="spec"/> and loads <paramref name="path"/> into it (see <see cref="Load(WsolNetwork, string)"/>).</summary>
    /// <param name="spec">The network's configuration.</param>
    /// <param name="path">The weights file.</param>
    public static WsolNetwork Load(WsolNetworkSpec spec, string path)
    {
        var network = new WsolNetwork(spec);
        try
        {
            Load(network, path);
            return network;
        }
        catch
        {
            network.Dispose();
            throw;
        }
    }

    /// <summary>
    /// Loads a backbone's weights under torchvision's names: a torchvision checkpoint (<c>resnet50-*.pth</c>,
    /// <c>resnet18-*.pth</c>, whose <c>fc.*</c> classifier is ignored) or a file of <see cref="WsolNetworkExporter"/>
    /// (whose <c>attention.*</c> and <c>classifier.*</c> are ignored). Every backbone key must be there with its shape
    /// (<c>num_batches_tracked</c> may be absent, as in torchvision's original checkpoints); any other key is an error.
    /// </summary>
    /// <param name="backbone">The backbone to fill (a <see cref="ResNetBackbone"/> for torchvision files).</param>
    /// <param name="path">The weights file.</param>
    public static void LoadBackbone(WsolBackbone backbone, string path)
    {
        ArgumentNullException.ThrowIfNull(backbone);
        var source = StateDictFile.Read(path);
        try
        {
            StateDictLoader.Load(backbone, source, path, ignore: IsHeadKey);
        }
        finally
        {
            StateDictFile.DisposeAll(source);
        }
    }

    /// <summary>Keys of a checkpoint that are not the backbone's: torchvision's <c>fc</c>, and the attention and head of an export.</summary>
    private static bool IsHeadKey(string key) =>
        key.StartsWith("fc.", StringComparison.Ordinal) ||
        key.StartsWith(WsolNetworkExporter.AttentionPrefix, StringComparison.Ordinal) ||
        key.StartsWith(WsolNetworkExporter.ClassifierPrefix, StringComparison.Ordinal);
}
