using System;
using Microsoft.ML;
using Microsoft.ML.Runtime;
using Rfga.MLNet.Imaging;
using Rfga.MLNet.Training;

namespace Rfga.MLNet.MLNet;

/// <summary>What a trained classifier keeps from its options: columns, test-time preprocessing, batch size.</summary>
internal sealed record ClassifierState(
    string ImageColumnName,
    string? ImageFolder,
    string? CropBottomColumnName,
    string LabelColumnName,
    string ScoreColumnName,
    string PredictedLabelColumnName,
    string ClassMapsColumnName,
    string ImageSizeColumnName,
    int TestSize,
    InputPreprocessing Preprocessing,
    int InferenceBatchSize)
{
    /// <summary>The state of a classifier trained with <paramref name="o"/> and the resolved <paramref name="settings"/>
    /// (whose preprocessing may come from the pretrained weights).</summary>
    public static ClassifierState From(RfgaTrainerOptions o, TrainingSettings settings) => new(
        o.ImageColumnName, o.ImageFolder, o.CropBottomColumnName, o.LabelColumnName, o.ScoreColumnName, o.PredictedLabelColumnName,
        o.ClassMapsColumnName, o.ImageSizeColumnName, settings.TestSize, settings.Preprocessing, o.InferenceBatchSize);

    // *** Binary format ***
    // string ids: image, label, score, predicted label, class maps, image size column names
    // string id or -1: image folder
    // string id or -1: crop-bottom column name
    // int: test size; float[3]: mean; float[3]: std (both in the channel order below); int: inference batch size
    // int: ChannelOrder (0 RGB, 1 BGR); float: pixel range (1: x/255, 255: raw 0..255)
    public void Write(ModelSaveContext ctx)
    {
        ctx.SaveNonEmptyString(ImageColumnName);
        ctx.SaveNonEmptyString(LabelColumnName);
        ctx.SaveNonEmptyString(ScoreColumnName);
        ctx.SaveNonEmptyString(PredictedLabelColumnName);
        ctx.SaveNonEmptyString(ClassMapsColumnName);
        ctx.SaveNonEmptyString(ImageSizeColumnName);
        ctx.SaveStringOrNull(ImageFolder);
        ctx.SaveStringOrNull(CropBottomColumnName);
        ctx.Writer.Write(TestSize);
        foreach (float v in Preprocessing.Mean) ctx.Writer.Write(v);
        foreach (float v in Preprocessing.Std) ctx.Writer.Write(v);
        ctx.Writer.Write(InferenceBatchSize);
        ctx.Writer.Write((int)Preprocessing.ChannelOrder);
        ctx.Writer.Write(Preprocessing.PixelRange);
    }

    public static ClassifierState Read(ModelLoadContext ctx)
    {
        string image = ctx.LoadNonEmptyString(), label = ctx.LoadNonEmptyString(), score = ctx.LoadNonEmptyString(),
            predicted = ctx.LoadNonEmptyString(), maps = ctx.LoadNonEmptyString(), size = ctx.LoadNonEmptyString();
        string? folder = ctx.LoadStringOrNull();
        string? crop = ctx.LoadStringOrNull();
        int testSize = ctx.Reader.ReadInt32();
        var mean = new float[3];
        var std = new float[3];
        for (int i = 0; i < 3; i++) mean[i] = ctx.Reader.ReadSingle();
        for (int i = 0; i < 3; i++) std[i] = ctx.Reader.ReadSingle();
        int batch = ctx.Reader.ReadInt32();
        var order = (ChannelOrder)ctx.Reader.ReadInt32();
        float range = ctx.Reader.ReadSingle();
        var preprocessing = new InputPreprocessing(order, range, mean, std);
        Contracts.CheckDecode(testSize >= 8 && batch >= 1, "invalid RFGA classifier settings");
        try
        {
            preprocessing.Validate();
        }
        catch (ArgumentOutOfRangeException e)
        {
            throw Contracts.ExceptDecode(e, "invalid RFGA classifier input preprocessing: {0}", e.Message);
        }
        return new ClassifierState(image, folder, crop, label, score, predicted, maps, size, testSize, preprocessing, batch);
    }
}
