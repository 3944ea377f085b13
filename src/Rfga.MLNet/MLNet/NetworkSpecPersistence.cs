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
    // int: HwConvAxis; int: SpatialMixing; int: SingleSampleBatchNorm; int: KernelSizeRule
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
            KernelSizeRule: (KernelSizeRule)ctx.Reader.ReadInt32());
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
}
