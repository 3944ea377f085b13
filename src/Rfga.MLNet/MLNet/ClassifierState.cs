using System;
using Microsoft.ML;
using Microsoft.ML.Runtime;

namespace Rfga.MLNet.MLNet;

/// <summary>What a trained classifier keeps from its options: columns, test-time preprocessing, batch size.</summary>
internal sealed record ClassifierState(
    string ImageColumnName,
    string? ImageFolder,
    string LabelColumnName,
    string ScoreColumnName,
    string PredictedLabelColumnName,
    string ClassMapsColumnName,
    string ImageSizeColumnName,
    int TestSize,
    float[] Mean,
    float[] Std,
    int InferenceBatchSize)
{
    public static ClassifierState From(RfgaTrainerOptions o) => new(
        o.ImageColumnName, o.ImageFolder, o.LabelColumnName, o.ScoreColumnName, o.PredictedLabelColumnName,
        o.ClassMapsColumnName, o.ImageSizeColumnName, o.Training.TestSize,
        (float[])o.Training.Mean.Clone(), (float[])o.Training.Std.Clone(), o.InferenceBatchSize);

    // *** Binary format ***
    // string ids: image, label, score, predicted label, class maps, image size column names
    // string id or -1: image folder
    // int: test size; float[3]: mean; float[3]: std; int: inference batch size
    public void Write(ModelSaveContext ctx)
    {
        ctx.SaveNonEmptyString(ImageColumnName);
        ctx.SaveNonEmptyString(LabelColumnName);
        ctx.SaveNonEmptyString(ScoreColumnName);
        ctx.SaveNonEmptyString(PredictedLabelColumnName);
        ctx.SaveNonEmptyString(ClassMapsColumnName);
        ctx.SaveNonEmptyString(ImageSizeColumnName);
        ctx.SaveStringOrNull(ImageFolder);
        ctx.Writer.Write(TestSize);
        foreach (float v in Mean) ctx.Writer.Write(v);
        foreach (float v in Std) ctx.Writer.Write(v);
        ctx.Writer.Write(InferenceBatchSize);
    }

    public static ClassifierState Read(ModelLoadContext ctx)
    {
        string image = ctx.LoadNonEmptyString(), label = ctx.LoadNonEmptyString(), score = ctx.LoadNonEmptyString(),
            predicted = ctx.LoadNonEmptyString(), maps = ctx.LoadNonEmptyString(), size = ctx.LoadNonEmptyString();
        string? folder = ctx.LoadStringOrNull();
        int testSize = ctx.Reader.ReadInt32();
        var mean = new float[3];
        var std = new float[3];
        for (int i = 0; i < 3; i++) mean[i] = ctx.Reader.ReadSingle();
        for (int i = 0; i < 3; i++) std[i] = ctx.Reader.ReadSingle();
        int batch = ctx.Reader.ReadInt32();
        Contracts.CheckDecode(testSize >= 8 && batch >= 1 && Array.TrueForAll(std, s => s > 0), "invalid RFGA classifier settings");
        return new ClassifierState(image, folder, label, score, predicted, maps, size, testSize, mean, std, batch);
    }
}
