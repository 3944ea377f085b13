namespace Rfga.MLNet.Network;

/// <summary>The feature extractor under the attention module and class-map head.</summary>
public enum BackboneKind
{
    /// <summary>A small 4-layer CNN (stride 4, 128 channels) for tests, demos and quick experiments on CPU.</summary>
    Tiny = 0,

    /// <summary>torchvision's ResNet-50 trunk (Bottleneck, [3, 4, 6, 3]), layer4 at stride 1: 2048 channels, stride 16 (the paper's).</summary>
    ResNet50 = 1,

    /// <summary>torchvision's ResNet-18 trunk (BasicBlock, [2, 2, 2, 2]), layer4 at stride 1: 512 channels, stride 16.</summary>
    ResNet18 = 2,

    /// <summary>
    /// ResNet-18 with layer counts [2, 2, 2, 3], the layout of the CNTK ImageNet ResNet-18 shipped by
    /// Microsoft.ML.DnnImageFeaturizer.ResNet18 (notes/pretrained.md), layer4 at stride 1: 512 channels, stride 16.
    /// </summary>
    ResNet18Cntk = 3,
}
