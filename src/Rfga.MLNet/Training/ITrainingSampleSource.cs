using Rfga.MLNet.Imaging;

namespace Rfga.MLNet.Training;

/// <summary>Random access to labelled training images; images are decoded on demand, so a source may be larger than memory.</summary>
public interface ITrainingSampleSource
{
    /// <summary>Number of samples.</summary>
    int Count { get; }

    /// <summary>Number of classes K; labels lie in [0, K).</summary>
    int ClassCount { get; }

    /// <summary>The 0-based class of sample <paramref name="index"/>.</summary>
    int GetLabel(int index);

    /// <summary>The decoded image of sample <paramref name="index"/>; errors name the sample and its origin.</summary>
    RgbImage GetImage(int index);
}
