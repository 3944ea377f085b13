namespace Rfga.MLNet.Data;

/// <summary>Options of <see cref="WsolDatasets.FgvcAircraft"/>. Defaults follow PAPER.md §6.</summary>
public sealed class FgvcAircraftOptions : WsolDatasetOptions
{
    /// <summary>Height in pixels of the copyright banner at the bottom of every FGVC-Aircraft image.</summary>
    public const int BannerHeight = 20;

    /// <summary>The level whose labels are the classes. Default <see cref="AircraftAnnotationLevel.Variant"/> (100 classes).</summary>
    public AircraftAnnotationLevel Level { get; set; } = AircraftAnnotationLevel.Variant;

    /// <summary>
    /// Train on <c>trainval</c> (train + val, 6,667 images) instead of <c>train</c> (3,334); val is then not
    /// returned separately. Default false (train on train, val unused: PAPER.md §6).
    /// </summary>
    public bool TrainOnTrainVal { get; set; }

    /// <summary>
    /// Drop the bottom <see cref="BannerHeight"/> rows, as the authors suggest: heights shrink by 20 and boxes are
    /// clipped (by <see cref="WsolDatasetOptions.OutOfImageBoxes"/>); sets <see cref="WsolRecord.CropBottom"/>.
    /// Needs <see cref="ImageFileCheck.Size"/>. Default false (not cropped: PAPER.md §6).
    /// </summary>
    public bool CropBanner { get; set; }
}
