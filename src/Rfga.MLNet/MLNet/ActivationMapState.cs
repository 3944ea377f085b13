using System;
using Microsoft.ML;
using Microsoft.ML.Runtime;
using Rfga.MLNet.Imaging;
using Rfga.MLNet.Network;

namespace Rfga.MLNet.MLNet;

/// <summary>What an <see cref="ActivationMapTransformer"/> keeps: columns, backbone, map, test-time preprocessing, batch size.</summary>
internal sealed record ActivationMapState(
    string ImageColumnName,
    string? ImageFolder,
    string ScoreColumnName,
    string PredictedLabelColumnName,
    string ClassMapsColumnName,
    string ImageSizeColumnName,
    BackboneKind Backbone,
    ActivationMapKind Map,
    int TestSize,
    InputPreprocessing Preprocessing,
    int InferenceBatchSize)
{
    public static ActivationMapState From(ActivationMapOptions o) => new(
        o.ImageColumnName, o.ImageFolder, o.ScoreColumnName, o.PredictedLabelColumnName, o.ClassMapsColumnName,
        o.ImageSizeColumnName, o.Backbone, o.Map, o.TestSize, o.EffectivePreprocessing, o.InferenceBatchSize);

    // *** Binary format ***
    // string ids: image, score, predicted label, class maps, image size column names
    // string id or -1: image folder
    // int: BackboneKind; int: ActivationMapKind; int: test size; int: inference batch size
    // int: ChannelOrder (0 RGB, 1 BGR); float: pixel range; float[3]: mean; float[3]: std (in that channel order)
    public void Write(ModelSaveContext ctx)
    {
        ctx.SaveNonEmptyString(ImageColumnName);
        ctx.SaveNonEmptyString(ScoreColumnName);
        ctx.SaveNonEmptyString(PredictedLabelColumnName);
        ctx.SaveNonEmptyString(ClassMapsColumnName);
        ctx.SaveNonEmptyString(ImageSizeColumnName);
        ctx.SaveStringOrNull(ImageFolder);
        ctx.Writer.Write((int)Backbone);
        ctx.Writer.Write((int)Map);
        ctx.Writer.Write(TestSize);
        ctx.Writer.Write(InferenceBatchSize);
        ctx.Writer.Write((int)Preprocessing.ChannelOrder);
        ctx.Writer.Write(Preprocessing.PixelRange);
        foreach (float v in Preprocessing.Mean) ctx.Writer.Write(v);
        foreach (float v in Preprocessing.Std) ctx.Writer.Write(v);
    }

    public static ActivationMapState Read(IHostEnvironment env, ModelLoadContext ctx)
    {
        string image = ctx.LoadNonEmptyString(), score = ctx.LoadNonEmptyString(), predicted = ctx.LoadNonEmptyString(),
            maps = ctx.LoadNonEmptyString(), size = ctx.LoadNonEmptyString();
        string? folder = ctx.LoadStringOrNull();
        var backbone = (BackboneKind)ctx.Reader.ReadInt32();
        var map = (ActivationMapKind)ctx.Reader.ReadInt32();
        int testSize = ctx.Reader.ReadInt32(), batch = ctx.Reader.ReadInt32();
        var order = (ChannelOrder)ctx.Reader.ReadInt32();
        float range = ctx.Reader.ReadSingle();
        var mean = new float[3];
        var std = new float[3];
        for (int i = 0; i < 3; i++) mean[i] = ctx.Reader.ReadSingle();
        for (int i = 0; i < 3; i++) std[i] = ctx.Reader.ReadSingle();
        var state = new ActivationMapState(image, folder, score, predicted, maps, size, backbone, map, testSize,
            new InputPreprocessing(order, range, mean, std), batch);
        env.CheckDecode(Enum.IsDefined(backbone) && Enum.IsDefined(map) && testSize >= 32 && batch >= 1, "invalid activation map settings");
        try
        {
            state.Preprocessing.Validate();
        }
        catch (ArgumentOutOfRangeException e)
        {
            throw env.ExceptDecode(e, "invalid activation map input preprocessing: {0}", e.Message);
        }
        return state;
    }
}
