using Microsoft.ML;
using Microsoft.ML.Data;
using Rfga.MLNet.Network;

namespace Rfga.MLNet.MLNet;

/// <summary>Entry points of Rfga.MLNet on <c>mlContext.Transforms</c>.</summary>
public static class RfgaCatalog
{
    /// <summary>Trains a WSOL network with the RFGA module (or another attention kind) and localizes objects with its CAM.</summary>
    public static RfgaLocalizeEstimator RfgaLocalize(this TransformsCatalog catalog, RfgaLocalizeOptions options)
        => new(CatalogUtils.GetEnvironment(catalog), options);

    /// <summary>Trains a WSOL network with the RFGA module and localizes objects with its CAM (paper recipe, tiny backbone).</summary>
    /// <param name="catalog">The transforms catalog.</param>
    /// <param name="labelColumnName">Key column with the class.</param>
    /// <param name="imageColumnName">Image column: <c>MLImage</c> or a file path.</param>
    /// <param name="imageFolder">Folder for relative paths, or null.</param>
    /// <param name="attention">The attention module.</param>
    /// <param name="epochs">Training epochs.</param>
    public static RfgaLocalizeEstimator RfgaLocalize(this TransformsCatalog catalog,
        string labelColumnName = "Label", string imageColumnName = "ImagePath", string? imageFolder = null,
        AttentionKind attention = AttentionKind.RfgaResidual, int epochs = 60)
        => new(CatalogUtils.GetEnvironment(catalog), new RfgaLocalizeOptions
        {
            LabelColumnName = labelColumnName,
            ImageColumnName = imageColumnName,
            ImageFolder = imageFolder,
            Attention = attention,
            Training = new Training.TrainingSettings { Epochs = epochs },
        });
}
