namespace Rfga.MLNet.Imaging;

/// <summary>Per-channel input normalisation constants.</summary>
public static class ImageNormalization
{
    /// <summary>ImageNet RGB mean for inputs scaled to [0, 1] (torchvision's constants).</summary>
    public static readonly float[] ImageNetMean = [0.485f, 0.456f, 0.406f];

    /// <summary>ImageNet RGB standard deviation for inputs scaled to [0, 1] (torchvision's constants).</summary>
    public static readonly float[] ImageNetStd = [0.229f, 0.224f, 0.225f];
}
