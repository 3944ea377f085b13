namespace Rfga.MLNet.Network;

/// <summary>The residual block of a ResNet (He et al. 2016; torchvision's layout).</summary>
public enum ResNetBlockKind
{
    /// <summary>Two 3×3 convolutions, expansion 1 (ResNet-18/34): <see cref="BasicBlock"/>.</summary>
    Basic = 0,

    /// <summary>1×1 → 3×3 (stride here, "ResNet v1.5") → 1×1, expansion 4 (ResNet-50/101/152): <see cref="Bottleneck"/>.</summary>
    Bottleneck = 1,
}
