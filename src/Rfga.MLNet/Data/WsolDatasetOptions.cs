namespace Rfga.MLNet.Data;

/// <summary>Options shared by the readers of <see cref="WsolDatasets"/>.</summary>
public class WsolDatasetOptions
{
    /// <summary>How much the images are checked: existence, and the header for sizes the publisher omits. Default <see cref="ImageFileCheck.Size"/>.</summary>
    public ImageFileCheck ImageCheck { get; set; } = ImageFileCheck.Size;

    /// <summary>What to do with a box that extends past its image. Default <see cref="OutOfImageBoxPolicy.Clip"/> (with one warning per data set).</summary>
    public OutOfImageBoxPolicy OutOfImageBoxes { get; set; } = OutOfImageBoxPolicy.Clip;
}
