using System;
using Microsoft.ML;
using Microsoft.ML.Runtime;
using Rfga.MLNet.Network;

namespace Rfga.MLNet.MLNet;

/// <summary>Writes and reads a <see cref="WsolNetworkSpec"/> in a model zip.</summary>
internal static class NetworkSpecPersistence
{
    // *** Binary format ***
    // int: class count K; int: BackboneKind; int: AttentionKind; int: RfgaViews; int: kernel size;
    // int: HwConvAxis; int: SpatialMixing; int: SingleSampleBatchNorm; int: KernelSizeRule;
    // int: WsolMethod; HaS: int grid size (0 = crop/7), double hide probability, double fill;
    // ADL: double drop rate, double threshold; ACoL: double erasing threshold, int head width (0 = C/2);
    // CutMix: double beta, double probability
    public static void Write(ModelSaveContext ctx, WsolNetworkSpec spec)
    {
        ctx.Writer.Write(spec.ClassCount);
        ctx.Writer.Write((int)spec.Backbone);
        ctx.Writer.Write((int)spec.Attention);
        ctx.Writer.Write((int)spec.Views);
        ctx.Writer.Write(spec.KernelSize);
        ctx.Writer.Write((int)spec.HwConvAxis);
        ctx.Writer.Write((int)spec.SpatialMixing);
        ctx.Writer.Write((int)spec.SingleSample);
        ctx.Writer.Write((int)spec.KernelSizeRule);
        ctx.Writer.Write((int)spec.Method);
        ctx.Writer.Write(spec.HaS.GridSize ?? 0);
        ctx.Writer.Write(spec.HaS.HideProbability);
        ctx.Writer.Write(spec.HaS.Fill);
        ctx.Writer.Write(spec.Adl.DropRate);
        ctx.Writer.Write(spec.Adl.Threshold);
        ctx.Writer.Write(spec.Acol.ErasingThreshold);
        ctx.Writer.Write(spec.Acol.HeadWidth ?? 0);
        ctx.Writer.Write(spec.CutMix.Beta);
        ctx.Writer.Write(spec.CutMix.Probability);
    }

    public static WsolNetworkSpec Read(IHostEnvironment env, ModelLoadContext ctx)
    {
        var spec = new WsolNetworkSpec(
            ClassCount: ctx.Reader.ReadInt32(),
            Backbone: (BackboneKind)ctx.Reader.ReadInt32(),
            Attention: (AttentionKind)ctx.Reader.ReadInt32(),
            Views: (RfgaViews)ctx.Reader.ReadInt32(),
            KernelSize: ctx.Reader.ReadInt32(),
            HwConvAxis: (HwConvAxis)ctx.Reader.ReadInt32(),
            SpatialMixing: (SpatialMixing)ctx.Reader.ReadInt32(),
            SingleSample: (SingleSampleBatchNorm)ctx.Reader.ReadInt32(),
            KernelSizeRule: (KernelSizeRule)ctx.Reader.ReadInt32(),
            Method: (WsolMethod)ctx.Reader.ReadInt32(),
            HaS: new HasOptions { GridSize = NullIfZero(ctx.Reader.ReadInt32()), HideProbability = ctx.Reader.ReadDouble(), Fill = ctx.Reader.ReadDouble() },
            Adl: new AdlOptions { DropRate = ctx.Reader.ReadDouble(), Threshold = ctx.Reader.ReadDouble() },
            Acol: new AcolOptions { ErasingThreshold = ctx.Reader.ReadDouble(), HeadWidth = NullIfZero(ctx.Reader.ReadInt32()) },
            CutMix: new CutMixOptions { Beta = ctx.Reader.ReadDouble(), Probability = ctx.Reader.ReadDouble() });
        try
        {
            spec.Validate();
        }
        catch (ArgumentException e)
        {
            throw env.ExceptDecode(e, "The RFGA model's network description is invalid ({0}); the zip is damaged or from a newer version.", e.Message);
        }
        return spec;
    }

    private static int? NullIfZero(int value) => value == 0 ? null : value;
}
