using System;
using System.IO;
using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.Data.IO;
using Microsoft.ML.Runtime;
using Rfga.MLNet.MLNet;
using Rfga.MLNet.Network;
using TorchSharp;
using static TorchSharp.torch;

[assembly: LoadableClass(typeof(RfgaLocalizeTransformer), null, typeof(SignatureLoadModel),
    RfgaLocalizeTransformer.UserName, RfgaLocalizeTransformer.LoaderSignature)]
[assembly: LoadableClass(typeof(IRowMapper), typeof(RfgaLocalizeTransformer), null, typeof(SignatureLoadRowMapper),
    RfgaLocalizeTransformer.UserName, RfgaLocalizeTransformer.LoaderSignature)]

namespace Rfga.MLNet.MLNet;

/// <summary>
/// A trained WSOL network as an ML.NET transformer. For each row it adds Score (class probabilities, float[K]),
/// PredictedLabel (key with the training key values), Cam (the chosen class's min-max normalised activation map
/// at the source image's size, float[H·W]), CamSize (int[2] = width, height) and BoundingBox (float[4] =
/// x0, y0, x1, y1, inclusive source-image pixels, from the largest CAM component above τ).
/// </summary>
/// <remarks>
/// Saved into and loaded from the ML.NET model zip (<c>mlContext.Model.Save/Load</c>), also by a process that
/// never named this library's types. Dispose it to release the network's native memory.
/// </remarks>
public sealed class RfgaLocalizeTransformer : RowToRowTransformerBase, IDisposable
{
    internal const string LoaderSignature = "RfgaLocalizeTransformer";
    internal const string UserName = "RFGA WSOL localizer";
    private const string WeightsStreamName = "RfgaNet.bin";

    private bool disposed;

    internal RfgaLocalizeTransformer(IHostEnvironment env, RfgaLocalizeState state, WsolNetwork network,
        DataViewSchema.DetachedColumn labelColumn)
        : base(Contracts.CheckRef(env, nameof(env)).Register(nameof(RfgaLocalizeTransformer)))
    {
        State = state;
        Network = network;
        LabelColumn = labelColumn;
        Device = TorchDevice.Select(env);
        Network.to(Device);
        Network.eval();
    }

    /// <summary>Columns, input size, normalisation, CAM target and τ fixed at training time.</summary>
    internal RfgaLocalizeState State { get; }

    /// <summary>The trained network (owned; disposed with the transformer).</summary>
    public WsolNetwork Network { get; }

    /// <summary>The training label column (name, key type and key values) that PredictedLabel mirrors.</summary>
    internal DataViewSchema.DetachedColumn LabelColumn { get; }

    /// <summary>The device the network runs on.</summary>
    internal Device Device { get; }

    /// <summary>Number of classes K.</summary>
    public int ClassCount => Network.Spec.ClassCount;

    /// <summary>The threshold τ used for BoundingBox.</summary>
    public double Tau => State.Tau;

    private static VersionInfo GetVersionInfo() => new(
        modelSignature: "RFGALOC ",
        verWrittenCur: 0x00010001, // Initial
        verReadableCur: 0x00010001,
        verWeCanReadBack: 0x00010001,
        loaderSignature: LoaderSignature,
        loaderAssemblyName: typeof(RfgaLocalizeTransformer).Assembly.FullName);

    // *** Binary format (version 0x00010001) ***
    // RfgaLocalizeState (see RfgaLocalizeState.Write)
    // int:    class count K
    // int:    BackboneKind, int: AttentionKind, int: RfgaViews, int: kernel size
    // string: label column name
    // bool:   label has key values; if so, the key-values type and value (BinarySaver)
    // stream "RfgaNet.bin": the network's TorchSharp state dict (Module.save)
    /// <inheritdoc />
    protected override void SaveModel(ModelSaveContext ctx)
    {
        Host.CheckValue(ctx, nameof(ctx));
        ObjectDisposedException.ThrowIf(disposed, this);
        ctx.CheckAtModel();
        ctx.SetVersionInfo(GetVersionInfo());
        State.Write(ctx);
        var spec = Network.Spec;
        ctx.Writer.Write(spec.ClassCount);
        ctx.Writer.Write((int)spec.Backbone);
        ctx.Writer.Write((int)spec.Attention);
        ctx.Writer.Write((int)spec.Views);
        ctx.Writer.Write(spec.KernelSize);
        ctx.SaveNonEmptyString(LabelColumn.Name);
        KeyValuesPersistence.Write(Host, ctx, LabelColumn);
        ctx.SaveBinaryStream(WeightsStreamName, w =>
        {
            using var cpu = NewDisposeScope();
            Network.save(w);
        });
    }

    // Factory for SignatureLoadModel.
    private static RfgaLocalizeTransformer Create(IHostEnvironment env, ModelLoadContext ctx)
    {
        Contracts.CheckValue(env, nameof(env));
        env.CheckValue(ctx, nameof(ctx));
        ctx.CheckAtModel(GetVersionInfo());
        var state = RfgaLocalizeState.Read(ctx);
        var spec = new WsolNetworkSpec(
            ClassCount: ctx.Reader.ReadInt32(),
            Backbone: (BackboneKind)ctx.Reader.ReadInt32(),
            Attention: (AttentionKind)ctx.Reader.ReadInt32(),
            Views: (RfgaViews)ctx.Reader.ReadInt32(),
            KernelSize: ctx.Reader.ReadInt32());
        try
        {
            spec.Validate();
        }
        catch (ArgumentException e)
        {
            throw env.ExceptDecode(e, "The RFGA model's network description is invalid: {0}", e.Message);
        }
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
        return new RfgaLocalizeTransformer(env, state, network, labelColumn);
    }

    // Factory for SignatureLoadRowMapper.
    private static IRowMapper Create(IHostEnvironment env, ModelLoadContext ctx, DataViewSchema inputSchema)
        => Create(env, ctx).MakeRowMapper(inputSchema);

    /// <summary>Lets the row mapper save its transformer.</summary>
    internal void SaveThis(ModelSaveContext ctx) => SaveModel(ctx);

    /// <inheritdoc />
    protected override IRowMapper MakeRowMapper(DataViewSchema schema)
    {
        ObjectDisposedException.ThrowIf(disposed, this);
        return new RfgaLocalizeMapper(this, schema);
    }

    /// <summary>Releases the network's native memory.</summary>
    public void Dispose()
    {
        if (disposed) return;
        disposed = true;
        Network.Dispose();
    }
}
