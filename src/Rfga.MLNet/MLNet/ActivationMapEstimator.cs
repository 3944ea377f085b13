using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.Runtime;
using Rfga.MLNet.Network;

namespace Rfga.MLNet.MLNet;

/// <summary>
/// Zero-training localization: a pretrained backbone's class-agnostic activation map (the mean of its last feature
/// map's channels), exposed as the classifier's columns with one class, so <see cref="CamExtractor"/> (Target
/// Predicted) and <see cref="BoxDeriver"/> turn it into a CAM and a box unchanged. A baseline of its own, and a check
/// that imported weights are real. <see cref="Fit"/> only loads the weights.
/// </summary>
/// <remarks>
/// | Input column | type |
/// |---|---|
/// | <see cref="ActivationMapOptions.ImageColumnName"/> | <c>MLImage</c>, or String (file path, relative to <see cref="ActivationMapOptions.ImageFolder"/>) |
///
/// | Output column | type |
/// |---|---|
/// | Score | Vector&lt;Single, 1&gt;, always 1 |
/// | PredictedLabel | Key&lt;UInt32, 1&gt;, always 1 (key value "object") |
/// | ClassMaps | Vector&lt;Single, 1, h, w&gt;, the activation map |
/// | ImageSize | Vector&lt;Int32, 2&gt;, the source image's (width, height) |
/// </remarks>
public sealed class ActivationMapEstimator : IEstimator<ActivationMapTransformer>
{
    private readonly IHost host;
    private readonly ActivationMapOptions options;

    internal ActivationMapEstimator(IHostEnvironment env, ActivationMapOptions options)
    {
        host = Contracts.CheckRef(env, nameof(env)).Register(nameof(ActivationMapEstimator));
        host.CheckValue(options, nameof(options));
        options.Validate();
        this.options = options;
    }

    /// <summary>Builds the backbone with its pretrained weights; <paramref name="input"/> is only checked for the image column.</summary>
    public ActivationMapTransformer Fit(IDataView input)
    {
        host.CheckValue(input, nameof(input));
        SchemaChecks.RequireImage(host, input.Schema, options.ImageColumnName);
        // Without pretrained weights the map is that of a random backbone: seeded by the MLContext, as training is.
        TorchSharp.torch.random.manual_seed(TorchDevice.Seed(host));
        var backbone = NetworkFactory.CreateBackbone(options.Backbone);
        try
        {
            options.Pretrained.LoadInto(backbone);
            using (var channel = host.Start("Loading backbone"))
                channel.Info($"{options.Map} of {options.Backbone} with weights {options.Pretrained}; input {options.EffectivePreprocessing}, {options.TestSize}².");
            return new ActivationMapTransformer(host, ActivationMapState.From(options), backbone);
        }
        catch
        {
            backbone.Dispose();
            throw;
        }
    }

    /// <summary>The input schema plus Score, PredictedLabel, ClassMaps and ImageSize.</summary>
    public SchemaShape GetOutputSchema(SchemaShape inputSchema)
    {
        host.CheckValue(inputSchema, nameof(inputSchema));
        SchemaChecks.RequireImage(host, inputSchema, options.ImageColumnName);
        var keyValues = new SchemaShape(new[]
        {
            new SchemaShape.Column(AnnotationUtils.Kinds.KeyValues, SchemaShape.Column.VectorKind.Vector, TextDataViewType.Instance, false),
        });
        return SchemaChecks.WithClassifierColumns(inputSchema, options.ScoreColumnName, options.PredictedLabelColumnName,
            options.ClassMapsColumnName, options.ImageSizeColumnName, keyValues);
    }
}
