using System.Linq;
using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.Runtime;

namespace Rfga.MLNet.MLNet;

/// <summary>
/// Turns class maps into the CAM of one class per row: the map of the predicted class (Top-1) or of the label
/// (GT-known), upsampled to the source image and min-max normalised (PAPER.md §3). Nothing to train.
/// </summary>
/// <remarks>
/// | Input column | type |
/// |---|---|
/// | ClassMaps | Vector&lt;Single, K, h, w&gt; |
/// | ImageSize | Vector&lt;Int32, 2&gt; (width, height) |
/// | PredictedLabel or Label | Key&lt;UInt32, K&gt; |
///
/// | Output column | type |
/// |---|---|
/// | Cam | Vector&lt;Double&gt;, H·W row-major, in [0, 1] (a constant map, or one with NaN, is all zeros) |
/// | CamSize | Vector&lt;Int32, 2&gt; (width, height) |
/// </remarks>
public sealed class CamExtractor : IEstimator<CamExtractorTransformer>
{
    private readonly IHostEnvironment env;
    private readonly CamExtractorOptions options;

    internal CamExtractor(IHostEnvironment env, CamExtractorOptions options)
    {
        this.env = Contracts.CheckRef(env, nameof(env));
        env.CheckValue(options, nameof(options));
        options.Validate();
        this.options = options;
    }

    /// <summary>Returns the transformer (nothing is learned).</summary>
    public CamExtractorTransformer Fit(IDataView input)
    {
        env.CheckValue(input, nameof(input));
        var transformer = new CamExtractorTransformer(env, options);
        transformer.GetOutputSchema(input.Schema);   // validates the columns now
        return transformer;
    }

    /// <summary>The input schema plus Cam and CamSize.</summary>
    public SchemaShape GetOutputSchema(SchemaShape inputSchema)
    {
        env.CheckValue(inputSchema, nameof(inputSchema));
        foreach (var name in new[] { options.ClassMapsColumnName, options.ImageSizeColumnName, options.ClassColumnName })
            if (!inputSchema.TryFindColumn(name, out _)) throw env.ExceptSchemaMismatch(nameof(inputSchema), "input", name);
        if (!inputSchema.TryFindColumn(options.ClassColumnName, out var cls) || !cls.IsKey)
            throw env.ExceptSchemaMismatch(nameof(inputSchema), "class", options.ClassColumnName, "Key<UInt32>", cls.GetTypeString());
        var columns = inputSchema.ToDictionary(c => c.Name);
        columns[options.CamColumnName] = new SchemaShape.Column(options.CamColumnName, SchemaShape.Column.VectorKind.VariableVector, NumberDataViewType.Double, false);
        columns[options.CamSizeColumnName] = new SchemaShape.Column(options.CamSizeColumnName, SchemaShape.Column.VectorKind.Vector, NumberDataViewType.Int32, false);
        return new SchemaShape(columns.Values);
    }
}
