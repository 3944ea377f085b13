using System;
using System.IO;
using Rfga.MLNet.Imaging;
using Rfga.MLNet.Network;

namespace Rfga.MLNet.Weights;

/// <summary>
/// The starting weights of a backbone: <see cref="None"/>, <see cref="ImageNetResNet18"/> (offline, from NuGet) or
/// <see cref="FromFile"/> (a torchvision checkpoint such as <c>resnet50-0676ba61.pth</c>, the paper's backbone, or a
/// file of <see cref="WsolNetworkExporter"/>). Only the backbone is initialised; the attention module and head start
/// fresh.
/// </summary>
public sealed class PretrainedWeights
{
    private PretrainedWeights(PretrainedKind kind, string? path, InputPreprocessing? preprocessing)
    {
        Kind = kind;
        Path = path;
        Preprocessing = preprocessing;
    }

    /// <summary>No pretrained weights (random initialisation).</summary>
    public static PretrainedWeights None { get; } = new(PretrainedKind.None, null, null);

    /// <summary>
    /// The ImageNet ResNet-18 of Microsoft.ML.DnnImageFeaturizer.ResNet18, from the copy next to the application (see
    /// <see cref="OnnxResNet18Importer.Locate"/>). Needs <see cref="BackboneKind.ResNet18Cntk"/>; its input is
    /// <see cref="InputPreprocessing.CntkImageNet"/>.
    /// </summary>
    public static PretrainedWeights ImageNetResNet18 { get; } = new(PretrainedKind.ImageNetResNet18, null, InputPreprocessing.CntkImageNet);

    /// <summary>The ImageNet ResNet-18 read from <paramref name="onnxPath"/> (ResNet18.onnx, or a folder holding it).</summary>
    /// <param name="onnxPath">The model file or folder.</param>
    public static PretrainedWeights ImageNetResNet18At(string onnxPath)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(onnxPath);
        return new(PretrainedKind.ImageNetResNet18, onnxPath, InputPreprocessing.CntkImageNet);
    }

    /// <summary>
    /// Backbone weights from a file under torchvision's names (see <see cref="WsolNetworkImporter.LoadBackbone"/>).
    /// </summary>
    /// <param name="path">The .pth/.pt (PyTorch zip), .safetensors or .dat file.</param>
    /// <param name="preprocessing">The input the weights were trained on, or null (default) for the training settings'
    /// own (ImageNet RGB by default, right for torchvision checkpoints).</param>
    public static PretrainedWeights FromFile(string path, InputPreprocessing? preprocessing = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        preprocessing?.Validate();
        return new(PretrainedKind.File, path, preprocessing);
    }

    /// <summary>Where the weights come from.</summary>
    public PretrainedKind Kind { get; }

    /// <summary>The weights file (<see cref="PretrainedKind.File"/>), the explicit ONNX path, or null.</summary>
    public string? Path { get; }

    /// <summary>The input preprocessing these weights expect, or null when it is the training settings' choice.</summary>
    public InputPreprocessing? Preprocessing { get; }

    /// <summary>Throws if these weights cannot initialise <paramref name="backbone"/> or their file is missing, naming both.</summary>
    /// <param name="backbone">The backbone kind they are meant for.</param>
    public void Validate(BackboneKind backbone)
    {
        if (Kind == PretrainedKind.ImageNetResNet18 && backbone != BackboneKind.ResNet18Cntk)
            throw new ArgumentException(
                $"Pretrained ImageNetResNet18 has layers [2, 2, 2, 3] and needs Backbone = {nameof(BackboneKind.ResNet18Cntk)}; got {backbone}.", nameof(backbone));
        if (Kind == PretrainedKind.ImageNetResNet18) OnnxResNet18Importer.Locate(Path);
        if (Kind == PretrainedKind.File && !File.Exists(Path)) throw new FileNotFoundException($"Pretrained weights file not found: '{Path}'.", Path);
    }

    /// <summary>Copies the weights into <paramref name="backbone"/> (nothing for <see cref="None"/>).</summary>
    /// <param name="backbone">A backbone of the kind <see cref="Validate"/> accepted.</param>
    public void LoadInto(WsolBackbone backbone)
    {
        ArgumentNullException.ThrowIfNull(backbone);
        switch (Kind)
        {
            case PretrainedKind.ImageNetResNet18:
                OnnxResNet18Importer.Load(backbone as ResNetBackbone
                    ?? throw new ArgumentException($"The ImageNet ResNet-18 needs a {nameof(ResNetBackbone)}; got {backbone.GetType().Name}.", nameof(backbone)), Path);
                break;
            case PretrainedKind.File:
                WsolNetworkImporter.LoadBackbone(backbone, Path!);
                break;
        }
    }

    /// <summary>"None", "ImageNetResNet18" (with its path when given) or "File(path)".</summary>
    public override string ToString() => Kind switch
    {
        PretrainedKind.None => "None",
        PretrainedKind.ImageNetResNet18 => Path is null ? "ImageNetResNet18" : $"ImageNetResNet18({Path})",
        _ => $"File({Path})",
    };
}
