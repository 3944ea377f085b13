namespace Rfga.MLNet.Network;

/// <summary>How the kernel size k of the channel-axis 1-D convolutions of RFGA and ECA is chosen.</summary>
public enum KernelSizeRule
{
    /// <summary>Use <see cref="WsolNetworkSpec.KernelSize"/> as given (paper: k = 3 for RFGA and ECA).</summary>
    Fixed = 0,

    /// <summary>ECA-Net's adaptive rule from the channel count C (<see cref="EcaModule.AdaptiveKernelSize"/>): 7 for C = 2048, 5 for C = 512.</summary>
    EcaAdaptive = 1,
}
