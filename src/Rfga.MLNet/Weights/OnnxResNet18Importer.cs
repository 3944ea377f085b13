using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using Rfga.MLNet.Imaging;
using Rfga.MLNet.Network;
using static TorchSharp.torch;

namespace Rfga.MLNet.Weights;

/// <summary>
/// Imports the ImageNet-trained ResNet-18 that the NuGet package Microsoft.ML.DnnImageFeaturizer.ResNet18 0.23.1 ships
/// as <c>tools/DnnImageModels/ResNet18Onnx/ResNet18.onnx</c> (CNTK 2.6 export, BatchNorm not folded, no classifier)
/// into a <see cref="ResNetBackbone"/> with layers [2, 2, 2, 3] (<see cref="ResNetBackbone.ResNet18Cntk"/>). The
/// weights expect <see cref="InputPreprocessing.CntkImageNet"/> input (BGR, 0..255, minus the ImageNet mean).
/// </summary>
/// <remarks>
/// The package is fetched by NuGet at build time (a <c>PackageDownload</c> of this library) and its two ONNX files are
/// copied next to every application and test that references the library, under <see cref="RelativePath"/>. Nothing
/// is downloaded at run time. The graph's initializers are matched to torchvision's state-dict keys by a fixed name
/// table (notes/pretrained.md); every one of the 110 initializers must be used exactly once, with the shape the
/// backbone expects. The graph pads asymmetrically (top/left only) where torch pads symmetrically; the two agree when
/// the input side is a multiple of 32.
/// </remarks>
public static class OnnxResNet18Importer
{
    /// <summary>The NuGet package that ships the model.</summary>
    public const string PackageId = "Microsoft.ML.DnnImageFeaturizer.ResNet18";

    /// <summary>The package version whose graph the name table describes.</summary>
    public const string PackageVersion = "0.23.1";

    /// <summary>Where the model file lies relative to an application's folder (as the package's own build props place it).</summary>
    public static readonly string RelativePath = Path.Combine("DnnImageModels", "ResNet18Onnx", "ResNet18.onnx");

    /// <summary>The graph's input: a preprocessed image [1, 3, 224, 224].</summary>
    public const string InputName = "Input247";

    /// <summary>The graph's output: the 7×7 average pool of layer4, [1, 512, 1, 1].</summary>
    public const string OutputName = "Pooling395_Output_0";

    /// <summary>torchvision module → ONNX initializers (convolution weight; BatchNorm scale, bias, mean, variance).</summary>
    private static readonly (string Conv, string Norm, string[] Onnx)[] Table =
    [
        ("conv1", "bn1", ["Parameter91", "Parameter96", "Parameter97", "Constant98", "Constant99"]),
        ("layer1.0.conv1", "layer1.0.bn1", ["Parameter86", "Parameter113", "Parameter114", "Constant115", "Constant116"]),
        ("layer1.0.conv2", "layer1.0.bn2", ["Parameter82", "Parameter127", "Parameter128", "Constant129", "Constant130"]),
        ("layer1.1.conv1", "layer1.1.bn1", ["Parameter77", "Parameter144", "Parameter145", "Constant146", "Constant147"]),
        ("layer1.1.conv2", "layer1.1.bn2", ["Parameter73", "Parameter158", "Parameter159", "Constant160", "Constant161"]),
        ("layer2.0.conv1", "layer2.0.bn1", ["Parameter68", "Parameter175", "Parameter176", "Constant177", "Constant178"]),
        ("layer2.0.conv2", "layer2.0.bn2", ["Parameter64", "Parameter189", "Parameter190", "Constant191", "Constant192"]),
        ("layer2.0.downsample.0", "layer2.0.downsample.1", ["Parameter199", "Parameter203", "Parameter204", "Constant205", "Constant206"]),
        ("layer2.1.conv1", "layer2.1.bn1", ["Parameter59", "Parameter220", "Parameter221", "Constant222", "Constant223"]),
        ("layer2.1.conv2", "layer2.1.bn2", ["Parameter55", "Parameter234", "Parameter235", "Constant236", "Constant237"]),
        ("layer3.0.conv1", "layer3.0.bn1", ["Parameter50", "Parameter251", "Parameter252", "Constant253", "Constant254"]),
        ("layer3.0.conv2", "layer3.0.bn2", ["Parameter46", "Parameter265", "Parameter266", "Constant267", "Constant268"]),
        ("layer3.0.downsample.0", "layer3.0.downsample.1", ["Parameter275", "Parameter279", "Parameter280", "Constant281", "Constant282"]),
        ("layer3.1.conv1", "layer3.1.bn1", ["Parameter41", "Parameter296", "Parameter297", "Constant298", "Constant299"]),
        ("layer3.1.conv2", "layer3.1.bn2", ["Parameter37", "Parameter310", "Parameter311", "Constant312", "Constant313"]),
        ("layer4.0.conv1", "layer4.0.bn1", ["Parameter32", "Parameter327", "Parameter328", "Constant329", "Constant330"]),
        ("layer4.0.conv2", "layer4.0.bn2", ["Parameter28", "Parameter341", "Parameter342", "Constant343", "Constant344"]),
        ("layer4.0.downsample.0", "layer4.0.downsample.1", ["Parameter351", "Parameter355", "Parameter356", "Constant357", "Constant358"]),
        ("layer4.1.conv1", "layer4.1.bn1", ["Parameter23", "Parameter372", "Parameter373", "Constant374", "Constant375"]),
        ("layer4.1.conv2", "layer4.1.bn2", ["Parameter19", "Parameter386", "Parameter387", "Constant388", "Constant389"]),
        ("layer4.2.conv1", "layer4.2.bn1", ["Parameter14", "Parameter403", "Parameter404", "Constant405", "Constant406"]),
        ("layer4.2.conv2", "layer4.2.bn2", ["Parameter10", "Parameter417", "Parameter418", "Constant419", "Constant420"]),
    ];

    private static readonly string[] NormSuffixes = ["weight", "bias", "running_mean", "running_var"];

    /// <summary>torchvision state-dict key → ONNX initializer name, for all 110 weights of the graph.</summary>
    public static IReadOnlyDictionary<string, string> NameTable { get; } = Table
        .SelectMany(row => new[] { ($"{row.Conv}.weight", row.Onnx[0]) }
            .Concat(NormSuffixes.Select((suffix, i) => ($"{row.Norm}.{suffix}", row.Onnx[i + 1]))))
        .ToDictionary(p => p.Item1, p => p.Item2, StringComparer.Ordinal);

    /// <summary>
    /// The model file: <paramref name="path"/> when given (the .onnx file, or a folder holding it directly or under
    /// <see cref="RelativePath"/>), else <see cref="RelativePath"/> under the application's folder. Throws
    /// <see cref="FileNotFoundException"/> naming every place it looked.
    /// </summary>
    /// <param name="path">An explicit file or folder, or null.</param>
    public static string Locate(string? path = null)
    {
        var candidates = path is null
            ? new List<string> { Path.Combine(AppContext.BaseDirectory, RelativePath) }
            : File.Exists(path) ? [path]
            : [Path.Combine(path, Path.GetFileName(RelativePath)), Path.Combine(path, RelativePath)];
        foreach (string candidate in candidates)
            if (File.Exists(candidate)) return Path.GetFullPath(candidate);
        throw new FileNotFoundException(
            $"The ImageNet ResNet-18 model was not found; looked at: {string.Join(", ", candidates.Select(c => $"'{c}'"))}. " +
            $"It comes from the NuGet package {PackageId} {PackageVersion}, which building a project that references Rfga.MLNet " +
            $"restores and copies to <output>/{RelativePath.Replace('\\', '/')}; or give the path of ResNet18.onnx.",
            candidates[0]);
    }

    /// <summary>A new <see cref="ResNetBackbone.ResNet18Cntk"/> holding the ImageNet weights.</summary>
    /// <param name="onnxPath">The model file or its folder, or null for the copy next to the application (<see cref="Locate"/>).</param>
    /// <param name="layer4Stride">1 for WSOL (default) or 2, the graph's own layout.</param>
    public static ResNetBackbone Create(string? onnxPath = null, int layer4Stride = 1)
    {
        var backbone = ResNetBackbone.ResNet18Cntk(layer4Stride);
        try
        {
            Load(backbone, onnxPath);
            return backbone;
        }
        catch
        {
            backbone.Dispose();
            throw;
        }
    }

    /// <summary>Copies the ImageNet weights into <paramref name="backbone"/>, which must have BasicBlocks and layers [2, 2, 2, 3].</summary>
    /// <param name="backbone">The backbone to fill (its layer4 stride does not matter: weight shapes are the same).</param>
    /// <param name="onnxPath">The model file or its folder, or null for the copy next to the application.</param>
    public static void Load(ResNetBackbone backbone, string? onnxPath = null)
    {
        ArgumentNullException.ThrowIfNull(backbone);
        if (backbone.Block != ResNetBlockKind.Basic || !backbone.Layers.SequenceEqual(ResNetBackbone.ResNet18CntkLayers))
            throw new ArgumentException(
                $"The ImageNet ResNet-18 needs BasicBlocks with layers [{string.Join(", ", ResNetBackbone.ResNet18CntkLayers)}] " +
                $"(BackboneKind.ResNet18Cntk); got {backbone.Block} [{string.Join(", ", backbone.Layers)}].", nameof(backbone));
        string file = Locate(onnxPath);
        var initializers = OnnxInitializerReader.Read(file);
        var unused = initializers.Keys.Except(NameTable.Values, StringComparer.Ordinal).OrderBy(k => k, StringComparer.Ordinal).ToList();
        using var scope = NewDisposeScope();
        var source = new Dictionary<string, Tensor>(StringComparer.Ordinal);
        foreach (var (key, name) in NameTable)
            if (initializers.TryGetValue(name, out var t)) source.Add(key, tensor(t.Data, t.Dims));
        // Initializers the table does not use are reported as unexpected (under their ONNX names): another graph.
        foreach (string name in unused) source.Add(name, empty(0));
        StateDictLoader.Load(backbone, source, file);
    }
}
