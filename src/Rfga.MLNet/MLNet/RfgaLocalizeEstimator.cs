using System;
using System.Linq;
using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.Runtime;
using Rfga.MLNet.Network;
using TorchSharp;
using Rfga.MLNet.Training;
using static TorchSharp.torch;

namespace Rfga.MLNet.MLNet;

/// <summary>
/// Trains a WSOL network (backbone → RFGA or other attention → 1×1 class-map head) on images with class labels
/// only, and returns a <see cref="RfgaLocalizeTransformer"/> that adds scores, predicted label, CAM and box.
/// </summary>
/// <remarks>
/// | Input column | type |
/// |---|---|
/// | <see cref="RfgaLocalizeOptions.ImageColumnName"/> | <c>MLImage</c>, or String (file path, relative to <see cref="RfgaLocalizeOptions.ImageFolder"/>) |
/// | <see cref="RfgaLocalizeOptions.LabelColumnName"/> | Key&lt;UInt32&gt; (from <c>MapValueToKey</c>) |
///
/// | Output column | type |
/// |---|---|
/// | Score | Vector&lt;Single, K&gt;, class probabilities |
/// | PredictedLabel | Key&lt;UInt32, K&gt; with the label's key values |
/// | Cam | Vector&lt;Single&gt;, H·W row-major, in [0, 1] |
/// | CamSize | Vector&lt;Int32, 2&gt;, (width, height) |
/// | BoundingBox | Vector&lt;Single, 4&gt;, x0, y0, x1, y1 inclusive source pixels |
///
/// Training runs inside <see cref="Fit"/>, seeded by the MLContext seed; progress goes to the MLContext log and
/// to <see cref="RfgaLocalizeOptions.Progress"/>.
/// </remarks>
public sealed class RfgaLocalizeEstimator : IEstimator<RfgaLocalizeTransformer>
{
    private readonly IHost host;
    private readonly RfgaLocalizeOptions options;

    internal RfgaLocalizeEstimator(IHostEnvironment env, RfgaLocalizeOptions options)
    {
        host = Contracts.CheckRef(env, nameof(env)).Register(nameof(RfgaLocalizeEstimator));
        host.CheckValue(options, nameof(options));
        options.Validate();
        this.options = options;
    }

    /// <summary>Trains the network on <paramref name="input"/> and returns the fitted transformer.</summary>
    public RfgaLocalizeTransformer Fit(IDataView input)
    {
        host.CheckValue(input, nameof(input));
        var image = SchemaChecks.RequireImage(host, input.Schema, options.ImageColumnName);
        var label = SchemaChecks.RequireLabel(host, input.Schema, options.LabelColumnName);
        var labelColumn = new DataViewSchema.DetachedColumn(label);
        int classCount = checked((int)label.Type.GetKeyCount());
        if (classCount < 2)
            throw host.ExceptSchemaMismatch(nameof(input), "label", label.Name, "a key with at least 2 classes", label.Type.ToString());

        using var channel = host.Start("Training WSOL network");
        var source = new DataViewSampleSource(input, image, label, options.ImageFolder);
        if (source.Count < 2)
            throw host.Except($"Training needs at least 2 rows; the data view '{options.ImageColumnName}' has {source.Count}.");

        int seed = TorchDevice.Seed(host);
        var device = TorchDevice.Select(host);
        random.manual_seed(seed);
        var settings = options.Training with { Seed = seed };
        var spec = options.NetworkSpec(classCount);
        channel.Info($"{spec.Attention} on {spec.Backbone}: {source.Count} images, {classCount} classes, {settings.Epochs} epochs, " +
                     $"batch {settings.BatchSize}, device {device}, seed {seed}.");
        var network = new WsolNetwork(spec);
        try
        {
            network.to(device);
            var progress = new ChannelProgress(channel, options.Progress);
            var report = WsolTrainer.Train(network, source, settings, progress, options.Cancellation, device);
            foreach (var warning in report.Warnings.Distinct()) channel.Warning(warning);
            channel.Info($"Trained {report.Steps} steps in {report.Seconds:F1} s; last epoch loss {report.EpochLosses[^1]:F4}.");
            return new RfgaLocalizeTransformer(host, RfgaLocalizeState.From(options), network, labelColumn);
        }
        catch
        {
            network.Dispose();
            throw;
        }
    }

    /// <summary>The schema <see cref="Fit"/>'s transformer will produce, checked against <paramref name="inputSchema"/>.</summary>
    public SchemaShape GetOutputSchema(SchemaShape inputSchema)
    {
        host.CheckValue(inputSchema, nameof(inputSchema));
        if (!inputSchema.TryFindColumn(options.ImageColumnName, out var image))
            throw host.ExceptSchemaMismatch(nameof(inputSchema), "image", options.ImageColumnName);
        if (image.Kind != SchemaShape.Column.VectorKind.Scalar || !ImageColumn.IsSupported(image.ItemType))
            throw host.ExceptSchemaMismatch(nameof(inputSchema), "image", options.ImageColumnName, ImageColumn.ExpectedTypes, image.GetTypeString());
        if (!inputSchema.TryFindColumn(options.LabelColumnName, out var label))
            throw host.ExceptSchemaMismatch(nameof(inputSchema), "label", options.LabelColumnName);
        if (!label.IsKey || label.Kind != SchemaShape.Column.VectorKind.Scalar)
            throw host.ExceptSchemaMismatch(nameof(inputSchema), "label", options.LabelColumnName, "Key<UInt32> (apply MapValueToKey first)", label.GetTypeString());

        var columns = inputSchema.ToDictionary(c => c.Name);
        var keyValues = label.Annotations.TryFindColumn(AnnotationUtils.Kinds.KeyValues, out var kv)
            ? new SchemaShape(new[] { kv }) : new SchemaShape(Array.Empty<SchemaShape.Column>());
        Add(new SchemaShape.Column(options.ScoreColumnName, SchemaShape.Column.VectorKind.Vector, NumberDataViewType.Single, false));
        Add(new SchemaShape.Column(options.PredictedLabelColumnName, SchemaShape.Column.VectorKind.Scalar, NumberDataViewType.UInt32, true, keyValues));
        Add(new SchemaShape.Column(options.CamColumnName, SchemaShape.Column.VectorKind.VariableVector, NumberDataViewType.Single, false));
        Add(new SchemaShape.Column(options.CamSizeColumnName, SchemaShape.Column.VectorKind.Vector, NumberDataViewType.Int32, false));
        Add(new SchemaShape.Column(options.BoundingBoxColumnName, SchemaShape.Column.VectorKind.Vector, NumberDataViewType.Single, false));
        return new SchemaShape(columns.Values);

        void Add(SchemaShape.Column c) => columns[c.Name] = c;
    }

    /// <summary>Forwards training progress to the ML.NET channel (once per epoch) and to the caller's <see cref="IProgress{T}"/>.</summary>
    private sealed class ChannelProgress(IChannel channel, IProgress<TrainingProgress>? user) : IProgress<TrainingProgress>
    {
        public void Report(TrainingProgress p)
        {
            user?.Report(p);
            if (p.EndOfEpoch)
                channel.Info($"epoch {p.Epoch}/{p.Epochs}: loss {p.EpochLoss:F4}, lr {p.LearningRate:G3}, {p.ImagesPerSecond:F1} images/s, ETA {p.Eta:hh\\:mm\\:ss}");
        }
    }
}
