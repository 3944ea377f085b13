using System;
using System.Collections.Generic;
using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.Runtime;
using Rfga.MLNet.Imaging;
using Rfga.MLNet.MLNet;
using Rfga.MLNet.Network;
using TorchSharp;
using static TorchSharp.torch;

[assembly: LoadableClass(typeof(ActivationMapTransformer), null, typeof(SignatureLoadModel),
    ActivationMapTransformer.UserName, ActivationMapTransformer.LoaderSignature)]
[assembly: LoadableClass(typeof(IRowMapper), typeof(ActivationMapTransformer), null, typeof(SignatureLoadRowMapper),
    ActivationMapTransformer.UserName, ActivationMapTransformer.LoaderSignature)]

namespace Rfga.MLNet.MLNet;

/// <summary>
/// A pretrained backbone's class-agnostic activation map as the classifier's columns (see
/// <see cref="ActivationMapEstimator"/>): Score [1], PredictedLabel 1 ("object"), ClassMaps [1, h, w], ImageSize.
/// <see cref="Transform"/> runs the backbone on batches of images. Dispose it to release the backbone's native memory.
/// </summary>
public sealed class ActivationMapTransformer : IImageScorer, IDisposable
{
    internal const string LoaderSignature = "RfgaActivationMap";
    internal const string UserName = "RFGA zero-training activation map";
    private const string WeightsStreamName = "Backbone.bin";

    /// <summary>The one class of the map, the key value of PredictedLabel.</summary>
    public const string ClassName = "object";

    private readonly Lazy<(int H, int W)> mapSize;
    private bool disposed;

    internal ActivationMapTransformer(IHostEnvironment env, ActivationMapState state, WsolBackbone backbone)
    {
        Host = Contracts.CheckRef(env, nameof(env)).Register(nameof(ActivationMapTransformer));
        State = state;
        Backbone = backbone;
        Device = TorchDevice.Select(env);
        Backbone.to(Device);
        Backbone.eval();
        mapSize = new Lazy<(int, int)>(ProbeMapSize);
    }

    internal IHost Host { get; }

    internal ActivationMapState State { get; }

    internal Device Device { get; }

    /// <summary>The backbone (owned; disposed with the transformer).</summary>
    public WsolBackbone Backbone { get; }

    /// <summary>The map computed from the last feature map.</summary>
    public ActivationMapKind Map => State.Map;

    /// <summary>The input preprocessing applied before the backbone.</summary>
    public InputPreprocessing Preprocessing => State.Preprocessing;

    /// <summary>Height and width (h, w) of the map at the test size.</summary>
    public (int Height, int Width) MapSize => mapSize.Value;

    IHost IImageScorer.Host => Host;

    string IImageScorer.ImageColumnName => State.ImageColumnName;

    string? IImageScorer.ImageFolder => State.ImageFolder;

    string? IImageScorer.CropBottomColumnName => null;

    int IImageScorer.InferenceBatchSize => State.InferenceBatchSize;

    bool ITransformer.IsRowToRowMapper => true;

    /// <summary>The input schema plus Score, PredictedLabel, ClassMaps, ImageSize.</summary>
    public DataViewSchema GetOutputSchema(DataViewSchema inputSchema) => ImageScorers.OutputSchema(this, inputSchema);

    /// <summary>Maps <paramref name="input"/> lazily, running the backbone on batches of images.</summary>
    public IDataView Transform(IDataView input)
    {
        Host.CheckValue(input, nameof(input));
        ObjectDisposedException.ThrowIf(disposed, this);
        return new BatchedScoringDataView(this, input);
    }

    IRowToRowMapper ITransformer.GetRowToRowMapper(DataViewSchema inputSchema) => ImageScorers.RowToRowMapper(this, inputSchema);

    /// <summary>The output columns, in order Score, PredictedLabel, ClassMaps, ImageSize.</summary>
    internal DataViewSchema.DetachedColumn[] OutputColumns()
    {
        var (h, w) = MapSize;
        var keyValues = new DataViewSchema.Annotations.Builder();
        ValueGetter<VBuffer<ReadOnlyMemory<char>>> names = (ref VBuffer<ReadOnlyMemory<char>> dst) =>
            ClassifierGetters.Copy<ReadOnlyMemory<char>>([ClassName.AsMemory()], ref dst);
        keyValues.AddKeyValues(1, TextDataViewType.Instance, names);
        return
        [
            new(State.ScoreColumnName, new VectorDataViewType(NumberDataViewType.Single, 1)),
            new(State.PredictedLabelColumnName, new KeyDataViewType(typeof(uint), 1), keyValues.ToAnnotations()),
            new(State.ClassMapsColumnName, new VectorDataViewType(NumberDataViewType.Single, 1, h, w)),
            new(State.ImageSizeColumnName, new VectorDataViewType(NumberDataViewType.Int32, 2)),
        ];
    }

    /// <summary>Runs the backbone once on <paramref name="images"/>; each map is the channel mean of the last feature map.</summary>
    internal ClassifierResult[] Score(IReadOnlyList<RgbImage> images)
    {
        ObjectDisposedException.ThrowIf(disposed, this);
        if (images.Count == 0) return [];
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        var x = ImageBatch.Evaluation(images, State.TestSize, State.Preprocessing).to(Device);
        // Channels-last on the CPU as WsolNetwork does (InputMemoryLayout.Auto); the map comes back NHWC-strided.
        var features = Backbone.call(MemoryLayout.ForBackbone(x, InputMemoryLayout.Auto));
        var maps = MapOf(features).cpu().contiguous().data<float>().ToArray();
        int per = maps.Length / images.Count;
        var results = new ClassifierResult[images.Count];
        for (int i = 0; i < images.Count; i++)
            results[i] = new ClassifierResult([1f], 1, maps.AsSpan(i * per, per).ToArray(), images[i].Width, images[i].Height);
        return results;
    }

    ClassifierResult[] IImageScorer.Score(IReadOnlyList<RgbImage> images) => Score(images);

    DataViewSchema.DetachedColumn[] IImageScorer.OutputColumns() => OutputColumns();

    /// <summary>The map of features [B, C, h, w] → [B, 1, h, w].</summary>
    private Tensor MapOf(Tensor features) => State.Map switch
    {
        ActivationMapKind.MeanActivation => features.mean([1], keepdim: true),
        _ => throw new InvalidOperationException($"Unknown activation map {State.Map}."),
    };

    private (int, int) ProbeMapSize()
    {
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        var features = Backbone.call(zeros(1, 3, State.TestSize, State.TestSize, device: Device));
        return ((int)features.shape[2], (int)features.shape[3]);
    }

    private static VersionInfo GetVersionInfo() => new(
        modelSignature: "RFGAACTM",
        verWrittenCur: 0x00010001, // Initial
        verReadableCur: 0x00010001,
        verWeCanReadBack: 0x00010001,
        loaderSignature: LoaderSignature,
        loaderAssemblyName: typeof(ActivationMapTransformer).Assembly.FullName);

    void ICanSaveModel.Save(ModelSaveContext ctx) => SaveModel(ctx);

    // *** Binary format (version 0x00010001) ***
    // ActivationMapState (see ActivationMapState.Write)
    // stream "Backbone.bin": the backbone's TorchSharp state dict (Module.save)
    private void SaveModel(ModelSaveContext ctx)
    {
        Host.CheckValue(ctx, nameof(ctx));
        ObjectDisposedException.ThrowIf(disposed, this);
        ctx.CheckAtModel();
        ctx.SetVersionInfo(GetVersionInfo());
        State.Write(ctx);
        ctx.SaveBinaryStream(WeightsStreamName, w => Backbone.save(w));
    }

    // Factory for SignatureLoadModel.
    private static ActivationMapTransformer Create(IHostEnvironment env, ModelLoadContext ctx)
    {
        Contracts.CheckValue(env, nameof(env));
        env.CheckValue(ctx, nameof(ctx));
        ctx.CheckAtModel(GetVersionInfo());
        var state = ActivationMapState.Read(env, ctx);
        var backbone = NetworkFactory.CreateBackbone(state.Backbone);
        try
        {
            if (!ctx.TryLoadBinaryStream(WeightsStreamName, r => backbone.load(r)))
                throw env.ExceptDecode("The activation map model has no backbone weights ('{0}').", WeightsStreamName);
        }
        catch
        {
            backbone.Dispose();
            throw;
        }
        return new ActivationMapTransformer(env, state, backbone);
    }

    // Factory for SignatureLoadRowMapper.
    private static IRowMapper Create(IHostEnvironment env, ModelLoadContext ctx, DataViewSchema inputSchema)
        => new ClassifierRowMapper(Create(env, ctx), inputSchema);

    /// <summary>Releases the backbone's native memory.</summary>
    public void Dispose()
    {
        if (disposed) return;
        disposed = true;
        Backbone.Dispose();
    }
}
