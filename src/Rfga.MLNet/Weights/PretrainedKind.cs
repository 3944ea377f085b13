namespace Rfga.MLNet.Weights;

/// <summary>Where a backbone's starting weights come from.</summary>
public enum PretrainedKind
{
    /// <summary>No pretrained weights: torchvision's random initialisation.</summary>
    None = 0,

    /// <summary>The ImageNet ResNet-18 shipped by Microsoft.ML.DnnImageFeaturizer.ResNet18 (needs <c>BackboneKind.ResNet18Cntk</c>).</summary>
    ImageNetResNet18 = 1,

    /// <summary>A weights file under torchvision's names: <c>.pth</c>/<c>.pt</c>, safetensors or TorchSharp <c>.dat</c>.</summary>
    File = 2,
}
