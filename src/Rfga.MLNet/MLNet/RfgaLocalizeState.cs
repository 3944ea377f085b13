using System;
using Microsoft.ML;
using Microsoft.ML.Runtime;

namespace Rfga.MLNet.MLNet;

/// <summary>What a trained localizer keeps from its options: columns, test-time preprocessing, CAM target and τ.</summary>
internal sealed record RfgaLocalizeState(
    string ImageColumnName,
    string? ImageFolder,
    string LabelColumnName,
    string ScoreColumnName,
    string PredictedLabelColumnName,
    string CamColumnName,
    string CamSizeColumnName,
    string BoundingBoxColumnName,
    int TestSize,
    float[] Mean,
    float[] Std,
    CamTarget CamTarget,
    double Tau)
{
    public static RfgaLocalizeState From(RfgaLocalizeOptions o) => new(
        o.ImageColumnName, o.ImageFolder, o.LabelColumnName, o.ScoreColumnName, o.PredictedLabelColumnName,
        o.CamColumnName, o.CamSizeColumnName, o.BoundingBoxColumnName, o.TestSize,
        (float[])o.Training.Mean.Clone(), (float[])o.Training.Std.Clone(), o.CamTarget, o.Tau);

    // *** Binary format ***
    // string ids: image, label, score, predicted label, cam, cam size, bounding box column names
    // string id or -1: image folder
    // int: test size
    // float[3]: mean, float[3]: std
    // int: CamTarget
    // double: tau
    public void Write(ModelSaveContext ctx)
    {
        ctx.SaveNonEmptyString(ImageColumnName);
        ctx.SaveNonEmptyString(LabelColumnName);
        ctx.SaveNonEmptyString(ScoreColumnName);
        ctx.SaveNonEmptyString(PredictedLabelColumnName);
        ctx.SaveNonEmptyString(CamColumnName);
        ctx.SaveNonEmptyString(CamSizeColumnName);
        ctx.SaveNonEmptyString(BoundingBoxColumnName);
        ctx.SaveStringOrNull(ImageFolder);
        ctx.Writer.Write(TestSize);
        foreach (float v in Mean) ctx.Writer.Write(v);
        foreach (float v in Std) ctx.Writer.Write(v);
        ctx.Writer.Write((int)CamTarget);
        ctx.Writer.Write(Tau);
    }

    public static RfgaLocalizeState Read(ModelLoadContext ctx)
    {
        string image = ctx.LoadNonEmptyString(), label = ctx.LoadNonEmptyString(), score = ctx.LoadNonEmptyString(),
            predicted = ctx.LoadNonEmptyString(), cam = ctx.LoadNonEmptyString(), camSize = ctx.LoadNonEmptyString(),
            box = ctx.LoadNonEmptyString();
        string? folder = ctx.LoadStringOrNull();
        int testSize = ctx.Reader.ReadInt32();
        var mean = new float[3];
        var std = new float[3];
        for (int i = 0; i < 3; i++) mean[i] = ctx.Reader.ReadSingle();
        for (int i = 0; i < 3; i++) std[i] = ctx.Reader.ReadSingle();
        var target = (CamTarget)ctx.Reader.ReadInt32();
        double tau = ctx.Reader.ReadDouble();
        Contracts.CheckDecode(testSize >= 8 && Enum.IsDefined(target) && tau >= 0 && tau < 1, "invalid RFGA localizer settings");
        return new RfgaLocalizeState(image, folder, label, score, predicted, cam, camSize, box, testSize, mean, std, target, tau);
    }
}
