namespace Rfga.MLNet.Imaging;

/// <summary>The order of the colour channels a network expects on its input's channel axis.</summary>
public enum ChannelOrder
{
    /// <summary>Red, green, blue (torchvision and most PyTorch models).</summary>
    Rgb = 0,

    /// <summary>Blue, green, red (Caffe/CNTK models such as the ImageNet ResNet-18 of Microsoft.ML.DnnImageFeaturizer.ResNet18).</summary>
    Bgr = 1,
}
