namespace Rfga.MLNet.Network;

/// <summary>
/// The memory layout in which <see cref="WsolNetwork"/> hands images to its backbone (<see cref="WsolNetwork.InputLayout"/>).
/// A run-time choice: it changes speed and float rounding, never the weights, and is not saved with a model.
/// </summary>
public enum InputMemoryLayout
{
    /// <summary>Channels-last on the CPU (oneDNN's faster NHWC convolutions), the caller's layout on other devices.</summary>
    Auto = 0,

    /// <summary>Channels-last strides on every device.</summary>
    ChannelsLast = 1,

    /// <summary>The images' own layout (NCHW-contiguous for the library's image batches): the behaviour before the option.</summary>
    AsGiven = 2,
}
