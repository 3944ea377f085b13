namespace Rfga.MLNet.Localization;

/// <summary>Interpolation used to resize a class map to the image.</summary>
public enum MapInterpolation
{
    /// <summary>Bicubic, OpenCV <c>INTER_CUBIC</c> semantics (a = −0.75, half-pixel centres, replicated border): the reference pipeline's choice.</summary>
    Bicubic = 0,

    /// <summary>Bilinear, OpenCV <c>INTER_LINEAR</c> semantics (half-pixel centres, replicated border).</summary>
    Bilinear = 1,
}
