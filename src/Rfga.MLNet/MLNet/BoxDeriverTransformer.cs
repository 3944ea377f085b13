using System;
using System.IO;
using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.Runtime;
using Rfga.MLNet.Localization;
using Rfga.MLNet.MLNet;

[assembly: LoadableClass(typeof(BoxDeriverTransformer), null, typeof(SignatureLoadModel),
    BoxDeriverTransformer.UserName, BoxDeriverTransformer.LoaderSignature)]
[assembly: LoadableClass(typeof(IRowMapper), typeof(BoxDeriverTransformer), null, typeof(SignatureLoadRowMapper),
    BoxDeriverTransformer.UserName, BoxDeriverTransformer.LoaderSignature)]

namespace Rfga.MLNet.MLNet;

/// <summary>Adds BoundingBox (largest CAM component above <see cref="Tau"/>) and BoundingBoxTau; see <see cref="BoxDeriver"/>.</summary>
public sealed class BoxDeriverTransformer : RowToRowTransformerBase
{
    internal const string LoaderSignature = "RfgaBoxDeriver";
    internal const string UserName = "RFGA box deriver";

    internal BoxDeriverTransformer(IHostEnvironment env, BoxDeriverOptions options, double tau)
        : base(Contracts.CheckRef(env, nameof(env)).Register(nameof(BoxDeriverTransformer)))
    {
        if (!(tau >= 0 && tau < 1)) throw new ArgumentOutOfRangeException(nameof(tau), tau, "must be in [0, 1)");
        Options = options;
        Tau = tau;
    }

    internal BoxDeriverOptions Options { get; }

    /// <summary>The threshold τ (given or calibrated).</summary>
    public double Tau { get; }

    internal static void CheckCam(IExceptionContext ectx, DataViewSchema.Column cam, DataViewSchema.Column size)
    {
        if (cam.Type is not VectorDataViewType { ItemType: NumberDataViewType c } || c != NumberDataViewType.Double)
            throw ectx.ExceptSchemaMismatch("inputSchema", "CAM", cam.Name, "Vector<Double>", cam.Type.ToString());
        if (size.Type is not VectorDataViewType { ItemType: NumberDataViewType s, Size: 2 } || s != NumberDataViewType.Int32)
            throw ectx.ExceptSchemaMismatch("inputSchema", "CAM size", size.Name, "Vector<Int32, 2>", size.Type.ToString());
    }

    private static VersionInfo GetVersionInfo() => new(
        modelSignature: "RFGABOXD",
        verWrittenCur: 0x00010001, // Initial
        verReadableCur: 0x00010001,
        verWeCanReadBack: 0x00010001,
        loaderSignature: LoaderSignature,
        loaderAssemblyName: typeof(BoxDeriverTransformer).Assembly.FullName);

    // *** Binary format ***
    // string ids: cam, cam size, bounding box, tau column names
    // double: tau
    /// <inheritdoc />
    protected override void SaveModel(ModelSaveContext ctx)
    {
        Host.CheckValue(ctx, nameof(ctx));
        ctx.CheckAtModel();
        ctx.SetVersionInfo(GetVersionInfo());
        ctx.SaveNonEmptyString(Options.CamColumnName);
        ctx.SaveNonEmptyString(Options.CamSizeColumnName);
        ctx.SaveNonEmptyString(Options.BoundingBoxColumnName);
        ctx.SaveNonEmptyString(Options.TauColumnName);
        ctx.Writer.Write(Tau);
    }

    private static BoxDeriverTransformer Create(IHostEnvironment env, ModelLoadContext ctx)
    {
        Contracts.CheckValue(env, nameof(env));
        ctx.CheckAtModel(GetVersionInfo());
        var options = new BoxDeriverOptions
        {
            CamColumnName = ctx.LoadNonEmptyString(),
            CamSizeColumnName = ctx.LoadNonEmptyString(),
            BoundingBoxColumnName = ctx.LoadNonEmptyString(),
            TauColumnName = ctx.LoadNonEmptyString(),
        };
        double tau = ctx.Reader.ReadDouble();
        env.CheckDecode(tau >= 0 && tau < 1, "invalid τ in the box deriver");
        options.Tau = tau;
        return new BoxDeriverTransformer(env, options, tau);
    }

    private static IRowMapper Create(IHostEnvironment env, ModelLoadContext ctx, DataViewSchema inputSchema)
        => Create(env, ctx).MakeRowMapper(inputSchema);

    /// <inheritdoc />
    protected override IRowMapper MakeRowMapper(DataViewSchema schema) => new Mapper(this, schema);

    private sealed class Mapper : MapperBase
    {
        private readonly BoxDeriverTransformer parent;
        private readonly DataViewSchema.Column cam, size;

        public Mapper(BoxDeriverTransformer parent, DataViewSchema schema)
            : base(parent.Host.Register(nameof(Mapper)), schema, parent)
        {
            this.parent = parent;
            cam = schema.GetColumnOrNull(parent.Options.CamColumnName) ?? throw Host.ExceptSchemaMismatch(nameof(schema), "CAM", parent.Options.CamColumnName);
            size = schema.GetColumnOrNull(parent.Options.CamSizeColumnName) ?? throw Host.ExceptSchemaMismatch(nameof(schema), "CAM size", parent.Options.CamSizeColumnName);
            CheckCam(Host, cam, size);
        }

        protected override DataViewSchema.DetachedColumn[] GetOutputColumnsCore() =>
        [
            new(parent.Options.BoundingBoxColumnName, new VectorDataViewType(NumberDataViewType.Single, 4)),
            new(parent.Options.TauColumnName, NumberDataViewType.Single),
        ];

        protected override Func<int, bool> GetDependenciesCore(Func<int, bool> activeOutput)
            => c => activeOutput(0) && (c == cam.Index || c == size.Index);

        protected override void SaveModel(ModelSaveContext ctx) => parent.SaveModel(ctx);

        protected override Delegate MakeGetter(DataViewRow input, int iinfo, Func<int, bool> activeOutput, out Action disposer)
        {
            disposer = null!;
            if (iinfo == 1)
            {
                float tau = (float)parent.Tau;
                return (ValueGetter<float>)((ref float dst) => dst = tau);
            }
            var camGetter = input.GetGetter<VBuffer<double>>(cam);
            var sizeGetter = input.GetGetter<VBuffer<int>>(size);
            VBuffer<double> camValue = default;
            VBuffer<int> sizeValue = default;
            return (ValueGetter<VBuffer<float>>)((ref VBuffer<float> dst) =>
            {
                sizeGetter(ref sizeValue);
                camGetter(ref camValue);
                var s = sizeValue.GetValues();
                PixelBox box;
                try
                {
                    box = BoxExtractor.LargestComponentBox(camValue.GetValues(), s[0], s[1], parent.Tau);
                }
                catch (ArgumentException e)
                {
                    throw new InvalidDataException($"Row {input.Position}, column '{cam.Name}': {e.Message}", e);
                }
                ClassifierGetters.Copy<float>([box.X0, box.Y0, box.X1, box.Y1], ref dst);
            });
        }
    }
}
