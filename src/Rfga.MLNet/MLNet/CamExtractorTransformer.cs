using System;
using System.IO;
using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.Runtime;
using Rfga.MLNet.Localization;
using Rfga.MLNet.MLNet;

[assembly: LoadableClass(typeof(CamExtractorTransformer), null, typeof(SignatureLoadModel),
    CamExtractorTransformer.UserName, CamExtractorTransformer.LoaderSignature)]
[assembly: LoadableClass(typeof(IRowMapper), typeof(CamExtractorTransformer), null, typeof(SignatureLoadRowMapper),
    CamExtractorTransformer.UserName, CamExtractorTransformer.LoaderSignature)]

namespace Rfga.MLNet.MLNet;

/// <summary>Adds Cam (normalised class activation map at the source size) and CamSize; see <see cref="CamExtractor"/>.</summary>
public sealed class CamExtractorTransformer : RowToRowTransformerBase
{
    internal const string LoaderSignature = "RfgaCamExtractor";
    internal const string UserName = "RFGA CAM extractor";

    internal CamExtractorTransformer(IHostEnvironment env, CamExtractorOptions options)
        : base(Contracts.CheckRef(env, nameof(env)).Register(nameof(CamExtractorTransformer)))
    {
        Options = options;
    }

    internal CamExtractorOptions Options { get; }

    /// <summary>Which class's map is taken.</summary>
    public CamTarget Target => Options.Target;

    private static VersionInfo GetVersionInfo() => new(
        modelSignature: "RFGACAMX",
        verWrittenCur: 0x00010001, // Initial
        verReadableCur: 0x00010001,
        verWeCanReadBack: 0x00010001,
        loaderSignature: LoaderSignature,
        loaderAssemblyName: typeof(CamExtractorTransformer).Assembly.FullName);

    // *** Binary format ***
    // string ids: class maps, image size, predicted label, label, cam, cam size column names
    // int: CamTarget; int: MapInterpolation
    /// <inheritdoc />
    protected override void SaveModel(ModelSaveContext ctx)
    {
        Host.CheckValue(ctx, nameof(ctx));
        ctx.CheckAtModel();
        ctx.SetVersionInfo(GetVersionInfo());
        ctx.SaveNonEmptyString(Options.ClassMapsColumnName);
        ctx.SaveNonEmptyString(Options.ImageSizeColumnName);
        ctx.SaveNonEmptyString(Options.PredictedLabelColumnName);
        ctx.SaveNonEmptyString(Options.LabelColumnName);
        ctx.SaveNonEmptyString(Options.CamColumnName);
        ctx.SaveNonEmptyString(Options.CamSizeColumnName);
        ctx.Writer.Write((int)Options.Target);
        ctx.Writer.Write((int)Options.Interpolation);
    }

    private static CamExtractorTransformer Create(IHostEnvironment env, ModelLoadContext ctx)
    {
        Contracts.CheckValue(env, nameof(env));
        ctx.CheckAtModel(GetVersionInfo());
        var options = new CamExtractorOptions
        {
            ClassMapsColumnName = ctx.LoadNonEmptyString(),
            ImageSizeColumnName = ctx.LoadNonEmptyString(),
            PredictedLabelColumnName = ctx.LoadNonEmptyString(),
            LabelColumnName = ctx.LoadNonEmptyString(),
            CamColumnName = ctx.LoadNonEmptyString(),
            CamSizeColumnName = ctx.LoadNonEmptyString(),
            Target = (CamTarget)ctx.Reader.ReadInt32(),
            Interpolation = (MapInterpolation)ctx.Reader.ReadInt32(),
        };
        try
        {
            options.Validate();
        }
        catch (ArgumentException e)
        {
            throw env.ExceptDecode(e, "Invalid CAM extractor settings: {0}", e.Message);
        }
        return new CamExtractorTransformer(env, options);
    }

    private static IRowMapper Create(IHostEnvironment env, ModelLoadContext ctx, DataViewSchema inputSchema)
        => Create(env, ctx).MakeRowMapper(inputSchema);

    /// <inheritdoc />
    protected override IRowMapper MakeRowMapper(DataViewSchema schema) => new Mapper(this, schema);

    private sealed class Mapper : MapperBase
    {
        private readonly CamExtractorTransformer parent;
        private readonly DataViewSchema.Column maps, size, cls;
        private readonly int classCount, mapHeight, mapWidth;

        public Mapper(CamExtractorTransformer parent, DataViewSchema schema)
            : base(parent.Host.Register(nameof(Mapper)), schema, parent)
        {
            this.parent = parent;
            var o = parent.Options;
            maps = schema.GetColumnOrNull(o.ClassMapsColumnName) ?? throw Host.ExceptSchemaMismatch(nameof(schema), "class maps", o.ClassMapsColumnName);
            if (maps.Type is not VectorDataViewType { ItemType: NumberDataViewType n, Dimensions.Length: 3 } vt || n != NumberDataViewType.Single || !vt.IsKnownSize)
                throw Host.ExceptSchemaMismatch(nameof(schema), "class maps", o.ClassMapsColumnName, "Vector<Single, K, h, w>", maps.Type.ToString());
            (classCount, mapHeight, mapWidth) = (vt.Dimensions[0], vt.Dimensions[1], vt.Dimensions[2]);
            size = schema.GetColumnOrNull(o.ImageSizeColumnName) ?? throw Host.ExceptSchemaMismatch(nameof(schema), "image size", o.ImageSizeColumnName);
            if (size.Type is not VectorDataViewType { ItemType: NumberDataViewType s, Size: 2 } || s != NumberDataViewType.Int32)
                throw Host.ExceptSchemaMismatch(nameof(schema), "image size", o.ImageSizeColumnName, "Vector<Int32, 2>", size.Type.ToString());
            cls = SchemaChecks.RequireLabel(Host, schema, o.ClassColumnName, classCount);
        }

        protected override DataViewSchema.DetachedColumn[] GetOutputColumnsCore() =>
        [
            new(parent.Options.CamColumnName, new VectorDataViewType(NumberDataViewType.Double)),
            new(parent.Options.CamSizeColumnName, new VectorDataViewType(NumberDataViewType.Int32, 2)),
        ];

        protected override Func<int, bool> GetDependenciesCore(Func<int, bool> activeOutput)
        {
            bool cam = activeOutput(0), camSize = activeOutput(1);
            return c => (cam && (c == maps.Index || c == cls.Index)) || ((cam || camSize) && c == size.Index);
        }

        protected override void SaveModel(ModelSaveContext ctx) => parent.SaveModel(ctx);

        protected override Delegate MakeGetter(DataViewRow input, int iinfo, Func<int, bool> activeOutput, out Action disposer)
        {
            disposer = null!;
            var sizeGetter = input.GetGetter<VBuffer<int>>(size);
            VBuffer<int> sizeValue = default;
            (int W, int H) Size()
            {
                sizeGetter(ref sizeValue);
                var v = sizeValue.GetValues();
                if (v.Length != 2 || v[0] < 1 || v[1] < 1)
                    throw new InvalidDataException($"Row {input.Position}, column '{size.Name}': expected (width, height) ≥ 1.");
                return (v[0], v[1]);
            }
            if (iinfo == 1)
                return (ValueGetter<VBuffer<int>>)((ref VBuffer<int> dst) =>
                {
                    var (w, h) = Size();
                    ClassifierGetters.Copy<int>([w, h], ref dst);
                });

            var mapsGetter = input.GetGetter<VBuffer<float>>(maps);
            var classGetter = input.GetGetter<uint>(cls);
            VBuffer<float> mapsValue = default;
            var plane = new double[mapHeight * mapWidth];
            return (ValueGetter<VBuffer<double>>)((ref VBuffer<double> dst) =>
            {
                var (w, h) = Size();
                uint key = 0;
                classGetter(ref key);
                if (key == 0 || key > classCount)
                    throw new InvalidDataException($"Row {input.Position}, column '{cls.Name}': the class is missing, so no CAM can be taken " +
                        (parent.Options.Target == CamTarget.Label ? "(CamTarget.Label needs a label on every row; use Predicted for unlabelled data)." : "."));
                mapsGetter(ref mapsValue);
                var all = mapsValue.GetValues();
                if (all.Length != classCount * plane.Length)
                    throw new InvalidDataException($"Row {input.Position}, column '{maps.Name}': {all.Length} values, expected {classCount * plane.Length}.");
                var slice = all.Slice((int)(key - 1) * plane.Length, plane.Length);
                for (int i = 0; i < plane.Length; i++) plane[i] = slice[i];
                var cam = ScoreMapResizer.Resize(plane, mapWidth, mapHeight, w, h, parent.Options.Interpolation);
                ScoreMapNormalizer.NormalizeInPlace(cam);
                ClassifierGetters.Copy<double>(cam, ref dst);
            });
        }
    }
}
