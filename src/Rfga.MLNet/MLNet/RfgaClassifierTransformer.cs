using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.Runtime;
using Rfga.MLNet.Imaging;
using Rfga.MLNet.MLNet;
using Rfga.MLNet.Network;
using TorchSharp;
using static TorchSharp.torch;

[assembly: LoadableClass(typeof(RfgaClassifierTransformer), null, typeof(SignatureLoadModel),
    RfgaClassifierTransformer.UserName, RfgaClassifierTransformer.LoaderSignature)]
[assembly: LoadableClass(typeof(IRowMapper), typeof(RfgaClassifierTransformer), null, typeof(SignatureLoadRowMapper),
    RfgaClassifierTransformer.UserName, RfgaClassifierTransformer.LoaderSignature)]

namespace Rfga.MLNet.MLNet;

/// <summary>
/// A trained WSOL network as an ML.NET transformer: adds Score (class probabilities), PredictedLabel (key with the
/// training key values), ClassMaps (K×h×w maps before pooling) and ImageSize (source width, height).
/// <see cref="Transform"/> runs the network on batches of <c>InferenceBatchSize</c> images; PredictionEngine and
/// row-to-row use run one image at a time. Dispose it to release the network's native memory.
/// </summary>
public sealed class RfgaClassifierTransformer : IImageScorer, IDisposable
{
    internal const string LoaderSignature = "RfgaClassifier";
    internal const string UserName = "RFGA WSOL classifier";
    private const string WeightsStreamName = "RfgaNet.bin";

    private readonly Lazy<(int H, int W)> mapSize;
    private bool disposed;

    internal RfgaClassifierTransformer(IHostEnvironment env, ClassifierState state, WsolNetwork network,
        DataViewSchema.DetachedColumn labelColumn)
    {
        Host = Contracts.CheckRef(env, nameof(env)).Register(nameof(RfgaClassifierTransformer));
        State = state;
        Network = network;
        LabelColumn = labelColumn;
        Device = TorchDevice.Select(env);
        Network.to(Device);
        Network.eval();
        mapSize = new Lazy<(int, int)>(ProbeMapSize);
    }

    internal IHost Host { get; }

    IHost IImageScorer.Host => Host;

    string IImageScorer.ImageColumnName => State.ImageColumnName;

    string? IImageScorer.ImageFolder => State.ImageFolder;

    string? IImageScorer.CropBottomColumnName => State.CropBottomColumnName;

    int IImageScorer.InferenceBatchSize => State.InferenceBatchSize;

    DataViewSchema.DetachedColumn[] IImageScorer.OutputColumns() => OutputColumns();

    ClassifierResult[] IImageScorer.Score(IReadOnlyList<RgbImage> images) => Score(images);

    internal ClassifierState State { get; }

    /// <summary>The trained network (owned; disposed with the transformer).</summary>
    public WsolNetwork Network { get; }

    /// <summary>The training label column (name, key type and key values) that PredictedLabel mirrors.</summary>
    internal DataViewSchema.DetachedColumn LabelColumn { get; }

    internal Device Device { get; }

    /// <summary>Number of classes K.</summary>
    public int ClassCount => Network.Spec.ClassCount;

    /// <summary>Height and width (h, w) of the class maps at the test size.</summary>
    public (int Height, int Width) ClassMapSize => mapSize.Value;

    bool ITransformer.IsRowToRowMapper => true;

    /// <summary>The input schema plus Score, PredictedLabel, ClassMaps, ImageSize.</summary>
    public DataViewSchema GetOutputSchema(DataViewSchema inputSchema) => ImageScorers.OutputSchema(this, inputSchema);

    /// <summary>Scores <paramref name="input"/> lazily, running the network on batches of images.</summary>
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
        int k = ClassCount;
        var (h, w) = ClassMapSize;
        var predicted = new DataViewSchema.Annotations.Builder();
        if (LabelColumn.Annotations.Schema.GetColumnOrNull(AnnotationUtils.Kinds.KeyValues).HasValue)
            predicted.Add(LabelColumn.Annotations, name => name == AnnotationUtils.Kinds.KeyValues);
        return
        [
            new(State.ScoreColumnName, new VectorDataViewType(NumberDataViewType.Single, k)),
            new(State.PredictedLabelColumnName, new KeyDataViewType(typeof(uint), k), predicted.ToAnnotations()),
            new(State.ClassMapsColumnName, new VectorDataViewType(NumberDataViewType.Single, k, h, w)),
            new(State.ImageSizeColumnName, new VectorDataViewType(NumberDataViewType.Int32, 2)),
        ];
    }

    /// <summary>Runs the network on <paramref name="images"/> (one forward pass) and returns each image's outputs.</summary>
    internal ClassifierResult[] Score(IReadOnlyList<RgbImage> images)
    {
        ObjectDisposedException.ThrowIf(disposed, this);
        if (images.Count == 0) return [];
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        var x = ImageBatch.Evaluation(images, State.TestSize, State.Preprocessing).to(Device);
        using var output = Network.forward(x);
        var probabilities = output.Logits.softmax(1).cpu();
        var predicted = probabilities.argmax(1).data<long>().ToArray();
        var scores = probabilities.data<float>().ToArray();
        var maps = output.ClassMaps.cpu().contiguous().data<float>().ToArray();
        int k = ClassCount, per = maps.Length / images.Count;
        var results = new ClassifierResult[images.Count];
        for (int i = 0; i < images.Count; i++)
            results[i] = new ClassifierResult(scores.AsSpan(i * k, k).ToArray(), (uint)predicted[i] + 1,
                maps.AsSpan(i * per, per).ToArray(), images[i].Width, images[i].Height);
        return results;
    }

    private (int, int) ProbeMapSize()
    {
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        var x = zeros(1, 3, State.TestSize, State.TestSize, device: Device);
        using var output = Network.forward(x);
        return ((int)output.ClassMaps.shape[2], (int)output.ClassMaps.shape[3]);
    }

    private static VersionInfo GetVersionInfo() => new(
        modelSignature: "RFGACLSF",
        verWrittenCur: 0x00010001, // Initial
        verReadableCur: 0x00010001,
        verWeCanReadBack: 0x00010001,
        loaderSignature: LoaderSignature,
        loaderAssemblyName: typeof(RfgaClassifierTransformer).Assembly.FullName);

    void ICanSaveModel.Save(ModelSaveContext ctx) => SaveModel(ctx);

    // *** Binary format (version 0x00010001) ***
    // ClassifierState (see ClassifierState.Write)
    // WsolNetworkSpec (see NetworkSpecPersistence)
    // string: label column name
    // bool: label has key values; if so, the key-values type and value (BinarySaver)
    // stream "RfgaNet.bin": the network's TorchSharp state dict (Module.save)
    internal void SaveModel(ModelSaveContext ctx)
    {
        Host.CheckValue(ctx, nameof(ctx));
        ObjectDisposedException.ThrowIf(disposed, this);
        ctx.CheckAtModel();
        ctx.SetVersionInfo(GetVersionInfo());
        State.Write(ctx);
        NetworkSpecPersistence.Write(ctx, Network.Spec);
        ctx.SaveNonEmptyString(LabelColumn.Name);
        KeyValuesPersistence.Write(Host, ctx, LabelColumn);
        ctx.SaveBinaryStream(WeightsStreamName, w => Network.save(w));
    }

    // Factory for SignatureLoadModel.
    private static RfgaClassifierTransformer Create(IHostEnvironment env, ModelLoadContext ctx)
    {
        Contracts.CheckValue(env, nameof(env));
        env.CheckValue(ctx, nameof(ctx));
        ctx.CheckAtModel(GetVersionInfo());
        var state = ClassifierState.Read(ctx);
        var spec = NetworkSpecPersistence.Read(env, ctx);
        string labelName = ctx.LoadNonEmptyString();
        var labelColumn = KeyValuesPersistence.Read(env, ctx, labelName, spec.ClassCount);
        var network = new WsolNetwork(spec);
        try
        {
            if (!ctx.TryLoadBinaryStream(WeightsStreamName, r => network.load(r)))
                throw env.ExceptDecode("The RFGA model zip has no network weights ('{0}').", WeightsStreamName);
        }
        catch
        {
            network.Dispose();
            throw;
        }
        return new RfgaClassifierTransformer(env, state, network, labelColumn);
    }

    // Factory for SignatureLoadRowMapper.
    private static IRowMapper Create(IHostEnvironment env, ModelLoadContext ctx, DataViewSchema inputSchema)
        => new ClassifierRowMapper(Create(env, ctx), inputSchema);

    /// <summary>Releases the network's native memory.</summary>
    public void Dispose()
    {
        if (disposed) return;
        disposed = true;
        Network.Dispose();
    }
}
