namespace Rfga.MLNet.Imaging;

/// <summary>Per-channel input normalisation constants.</summary>
public static class ImageNormalization
{
    /// <summary>ImageNet RGB mean for inputs scaled to [0, 1] (torchvision's constants).</summary>
    public static readonly float[] ImageNetMean = [0.485f, 0.456f, 0.406f];

    /// <summary>ImageNet RGB standard deviation for inputs scaled to [0, 1] (torchvision's constants).</summary>
    public static readonly float[] ImageNetStd = [0.229f, 0.224f, 0.225f];

    /// <summary>
    /// ImageNet mean in B, G, R order for inputs in [0, 255]: the channel averages of the 224×224 <c>MeanImage</c> of
    /// ResNetPreprocess.onnx in Microsoft.ML.DnnImageFeaturizer.ResNet18 0.23.1 (computed from the file).
    /// </summary>
    public static readonly float[] CntkImageNetMeanBgr = [103.062624f, 115.902882f, 123.151631f];
}
