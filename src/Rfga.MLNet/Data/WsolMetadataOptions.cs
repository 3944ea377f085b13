using System.Collections.Generic;

namespace Rfga.MLNet.Data;

/// <summary>Options of <see cref="WsolDatasets.WsolEvaluationMetadata"/>.</summary>
public sealed class WsolMetadataOptions : WsolDatasetOptions
{
    /// <summary>
    /// Class names by label (the metadata has only integer labels), or null: then each label is named after
    /// the folder holding its images when that folder is the same for every image of the label and differs
    /// between labels (CUB: <c>001.Black_footed_Albatross</c>), else after its number ("0", "1", …).
    /// </summary>
    public IReadOnlyList<string>? ClassNames { get; set; }
}
