namespace Rfga.MLNet.Data;

/// <summary>What a reader does with a ground-truth box that extends past its image (x1 ≥ width or y1 ≥ height).</summary>
public enum OutOfImageBoxPolicy
{
    /// <summary>Clip it to the image and add one warning per data set (count and first offender); a box wholly outside is an error.</summary>
    Clip,

    /// <summary>Throw an <see cref="System.IO.InvalidDataException"/> naming the file and line.</summary>
    Error,

    /// <summary>Keep it as written and add one warning per data set, as the wsolevaluation reference does (its boxes may pass the image edge).</summary>
    Keep,
}
