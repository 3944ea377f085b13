namespace Rfga.MLNet.MLNet;

/// <summary>A class-agnostic activation map computed from a backbone's last feature map, without training.</summary>
public enum ActivationMapKind
{
    /// <summary>The mean over the C channels of the last feature map X [C, h, w] (after its ReLU): Σ_k X_k / C.</summary>
    MeanActivation = 0,
}
