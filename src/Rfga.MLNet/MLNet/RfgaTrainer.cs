using System;
using System.Linq;
using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.Runtime;
using Rfga.MLNet.Imaging;
using Rfga.MLNet.Network;
using Rfga.MLNet.Training;
using Rfga.MLNet.Weights;
using TorchSharp;
using static TorchSharp.torch;

namespace Rfga.MLNet.MLNet;

/// <summary>
/// Trains a WSOL network (backbone → RFGA or other attention → 1×1 class-map head → GAP) on images with class
/// labels only; <see cref="Fit"/> returns a <see cref="RfgaClassifierTransformer"/>.
/// </summary>
/// <remarks>
/// | Input column | type |
/// |---|---|
/// | <see cref="RfgaTrainerOptions.ImageColumnName"/> | <c>MLImage</c>, or String (file path, relative to <see cref="RfgaTrainerOptions.ImageFolder"/>) |
/// | <see cref="RfgaTrainerOptions.LabelColumnName"/> | Key&lt;UInt32&gt; (from <c>MapValueToKey</c>) |
///
/// | Output column | type |
/// |---|---|
/// | Score | Vector&lt;Single, K&gt;, class probabilities |
/// | PredictedLabel | Key&lt;UInt32, K&gt; with the label's key values |
/// | ClassMaps | Vector&lt;Single, K, h, w&gt;, class activation maps before pooling |
/// | ImageSize | Vector&lt;Int32, 2&gt;, the source image's (width, height) |
///
/// Training runs inside <see cref="Fit"/>, seeded by the MLContext seed (initialisation, shuffling,
/// augmentation); progress goes to the MLContext log and to <see cref="RfgaTrainerOptions.Progress"/>.
/// </remarks>
public sealed class RfgaTrainer : IEstimator<RfgaClassifierTransformer>
{
    private readonly IHost host;
    private readonly RfgaTrainerOptions options;

    internal RfgaTrainer(IHostEnvironment env, RfgaTrainerOptions options)
    {
        host = Contracts.CheckRef(env, nameof(env)).Register(nameof(RfgaTrainer));
        host.CheckValue(options, nameof(options));
        options.Validate();
        this.options = options;
    }

    /// <summary>Trains the network on <paramref name="input"/> and returns the fitted transformer.</summary>
    public RfgaClassifierTransformer Fit(IDataView input)
    {
        host.CheckValue(input, nameof(input));
        var image = SchemaChecks.RequireImage(host, input.Schema, options.ImageColumnName);
        var label = SchemaChecks.RequireLabel(host, input.Schema, options.LabelColumnName);
        int classCount = checked((int)label.Type.GetKeyCount());
        if (classCount < 2)
            throw host.ExceptSchemaMismatch(nameof(input), "label", label.Name, "a key with at least 2 classes", label.Type.ToString());

        using var channel = host.Start("Training WSOL network");
        var crop = ImageColumn.CropColumn(host, input.Schema, options.CropBottomColumnName);
        var source = new DataViewSampleSource(input, image, label, options.ImageFolder, crop);
        if (source.Count < 2)
            throw host.Except($"Training needs at least 2 labelled rows; the data has {source.Count}.");
        DataViewSampleSource? validation = null;
        if (options.ValidationData is { } v)
        {
            var vImage = SchemaChecks.RequireImage(host, v.Schema, options.ImageColumnName);
            var vLabel = SchemaChecks.RequireLabel(host, v.Schema, options.LabelColumnName, classCount);
            validation = new DataViewSampleSource(v, vImage, vLabel, options.ImageFolder,
                ImageColumn.CropColumn(host, v.Schema, options.CropBottomColumnName));
        }

        int seed = TorchDevice.Seed(host);
        var device = TorchDevice.Select(host);
        random.manual_seed(seed);
        var settings = WithPretrainedInput(options.Training with { Seed = seed }, options.Pretrained, channel);
        var spec = options.NetworkSpec(classCount);
        channel.Info($"{spec.Attention} on {spec.Backbone}: {source.Count} images, {classCount} classes, {settings.Epochs} epochs, " +
                     $"batch {settings.BatchSize}, device {device.type}, seed {seed}.");
        var network = new WsolNetwork(spec);
        try
        {
            network.InputLayout = options.InputLayout;
            options.Pretrained.LoadInto(network.Backbone);
            if (options.Pretrained.Kind != PretrainedKind.None)
                channel.Info($"Backbone weights from {options.Pretrained}; input {settings.Preprocessing}.");
            network.to(device);
            var control = new TrainingControl
            {
                Progress = new ChannelProgress(channel, options.Progress),
                Cancellation = options.Cancellation,
                Device = device,
                Validation = validation,
                CheckpointFolder = options.CheckpointFolder,
                CheckpointEverySteps = options.CheckpointEverySteps,
                Warn = channel.Warning,
            };
            var report = WsolTrainer.Train(network, source, settings, control);
            channel.Info($"Trained {report.Steps} steps in {report.Seconds:F1} s; last epoch loss {report.EpochLosses[^1]:F4}.");
            return new RfgaClassifierTransformer(host, ClassifierState.From(options, settings), network, new DataViewSchema.DetachedColumn(label));
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
        SchemaChecks.RequireImage(host, inputSchema, options.ImageColumnName);
        if (!inputSchema.TryFindColumn(options.LabelColumnName, out var label))
            throw host.ExceptSchemaMismatch(nameof(inputSchema), "label", options.LabelColumnName);
        if (!label.IsKey || label.Kind != SchemaShape.Column.VectorKind.Scalar)
            throw host.ExceptSchemaMismatch(nameof(inputSchema), "label", options.LabelColumnName, "Key<UInt32> (apply MapValueToKey first)", label.GetTypeString());
        var keyValues = label.Annotations.TryFindColumn(AnnotationUtils.Kinds.KeyValues, out var kv)
            ? new SchemaShape(new[] { kv }) : new SchemaShape(Array.Empty<SchemaShape.Column>());
        return SchemaChecks.WithClassifierColumns(inputSchema, options.ScoreColumnName, options.PredictedLabelColumnName,
            options.ClassMapsColumnName, options.ImageSizeColumnName, keyValues);
    }

    /// <summary>
    /// <paramref name="settings"/> with the input preprocessing the pretrained weights expect when the settings keep the
    /// default (ImageNet RGB); a different explicit choice is kept, with a warning.
    /// </summary>
    private static TrainingSettings WithPretrainedInput(TrainingSettings settings, PretrainedWeights pretrained, IChannel channel)
    {
        if (pretrained.Preprocessing is not { } expected || settings.Preprocessing.Equals(expected)) return settings;
        if (settings.Preprocessing.Equals(InputPreprocessing.ImageNet)) return settings.WithPreprocessing(expected);
        channel.Warning($"The training input ({settings.Preprocessing}) differs from what the pretrained weights expect ({expected}); keeping the training input.");
        return settings;
    }

    /// <summary>Forwards training progress to the ML.NET channel (once per epoch) and to the caller's <see cref="IProgress{T}"/>.</summary>
    private sealed class ChannelProgress(IChannel channel, IProgress<TrainingProgress>? user) : IProgress<TrainingProgress>
    {
        public void Report(TrainingProgress p)
        {
            user?.Report(p);
            if (!p.EndOfEpoch) return;
            string validation = p.ValidationAccuracy is double acc ? $", validation loss {p.ValidationLoss:F4}, top-1 {acc:F2}%" : "";
            channel.Info($"epoch {p.Epoch}/{p.Epochs}: loss {p.EpochLoss:F4}, lr {p.LearningRate:G3}, {p.ImagesPerSecond:F1} images/s, " +
                         $"ETA {p.Eta:hh\\:mm\\:ss}{validation}");
        }
    }
}
