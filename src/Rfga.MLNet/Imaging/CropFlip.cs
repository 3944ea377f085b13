namespace Rfga.MLNet.Imaging;

/// <summary>One image's training augmentation: the crop window's top-left corner and whether to flip left-right.</summary>
/// <param name="Y0">Top row of the crop in the resized image.</param>
/// <param name="X0">Left column of the crop in the resized image.</param>
/// <param name="Flip">Flip the crop left-right.</param>
public readonly record struct CropFlip(int Y0, int X0, bool Flip);
