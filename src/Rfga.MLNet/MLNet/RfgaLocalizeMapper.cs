using System;
using System.IO;
using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.Runtime;
using Rfga.MLNet.Localization;
using Rfga.MLNet.Network;
using static TorchSharp.torch;

namespace Rfga.MLNet.MLNet;

/// <summary>
/// Row mapper of <see cref="RfgaLocalizeTransformer"/>: one forward pass per row, shared by all output getters
/// through a cache keyed on the row position.
/// </summary>
internal sealed class RfgaLocalizeMapper : RowToRowTransformerBase.MapperBase
{
    private const int ScoreIndex = 0, PredictedIndex = 1, CamIndex = 2, CamSizeIndex = 3, BoxIndex = 4;

    private readonly RfgaLocalizeTransformer parent;
    private readonly DataViewSchema.Column imageColumn;
    private readonly DataViewSchema.Column? labelColumn;

    public RfgaLocalizeMapper(RfgaLocalizeTransformer parent, DataViewSchema inputSchema)
        : base(parent.Host.Register(nameof(RfgaLocalizeMapper)), inputSchema, parent)
    {
        this.parent = parent;
        var state = parent.State;
        imageColumn = SchemaChecks.RequireImage(Host, inputSchema, state.ImageColumnName);
        if (state.CamTarget == CamTarget.Label)
            labelColumn = SchemaChecks.RequireLabel(Host, inputSchema, state.LabelColumnName, parent.ClassCount);
    }

    protected override DataViewSchema.DetachedColumn[] GetOutputColumnsCore()
    {
        var state = parent.State;
        int k = parent.ClassCount;
        var predictedAnnotations = new DataViewSchema.Annotations.Builder();
        var keyValues = parent.LabelColumn.Annotations.Schema.GetColumnOrNull(AnnotationUtils.Kinds.KeyValues);
        if (keyValues.HasValue) predictedAnnotations.Add(parent.LabelColumn.Annotations, name => name == AnnotationUtils.Kinds.KeyValues);
        return
        [
            new(state.ScoreColumnName, new VectorDataViewType(NumberDataViewType.Single, k)),
            new(state.PredictedLabelColumnName, new KeyDataViewType(typeof(uint), k), predictedAnnotations.ToAnnotations()),
            new(state.CamColumnName, new VectorDataViewType(NumberDataViewType.Single)),
            new(state.CamSizeColumnName, new VectorDataViewType(NumberDataViewType.Int32, 2)),
            new(state.BoundingBoxColumnName, new VectorDataViewType(NumberDataViewType.Single, 4)),
        ];
    }

    protected override Func<int, bool> GetDependenciesCore(Func<int, bool> activeOutput)
    {
        bool any = false;
        for (int i = 0; i <= BoxIndex; i++) any |= activeOutput(i);
        return col => any && (col == imageColumn.Index || (labelColumn.HasValue && col == labelColumn.Value.Index));
    }

    protected override void SaveModel(ModelSaveContext ctx) => parent.SaveThis(ctx);

    protected override Delegate MakeGetter(DataViewRow input, int iinfo, Func<int, bool> activeOutput, out Action disposer)
        => throw new InvalidOperationException("CreateGetters builds all getters over one shared row cache.");

    public override Delegate[] CreateGetters(DataViewRow input, Func<int, bool> activeOutput, out Action disposer)
    {
        disposer = null!;
        var getters = new Delegate[OutputColumns.Value.Length];
        bool any = false;
        for (int i = 0; i < getters.Length; i++) any |= activeOutput(i);
        if (!any) return getters;
        var cache = new RowCache(this, input);
        if (activeOutput(ScoreIndex))
            getters[ScoreIndex] = (ValueGetter<VBuffer<float>>)((ref VBuffer<float> dst) => Copy(cache.Get().Score, ref dst));
        if (activeOutput(PredictedIndex))
            getters[PredictedIndex] = (ValueGetter<uint>)((ref uint dst) => dst = cache.Get().PredictedKey);
        if (activeOutput(CamIndex))
            getters[CamIndex] = (ValueGetter<VBuffer<float>>)((ref VBuffer<float> dst) => Copy(cache.Get().Cam, ref dst));
        if (activeOutput(CamSizeIndex))
            getters[CamSizeIndex] = (ValueGetter<VBuffer<int>>)((ref VBuffer<int> dst) =>
            {
                var r = cache.Get();
                Copy(new[] { r.Width, r.Height }, ref dst);
            });
        if (activeOutput(BoxIndex))
            getters[BoxIndex] = (ValueGetter<VBuffer<float>>)((ref VBuffer<float> dst) => Copy(cache.Get().Box, ref dst));
        return getters;
    }

    private static void Copy<T>(T[] values, ref VBuffer<T> dst)
    {
        var editor = VBufferEditor.Create(ref dst, values.Length);
        values.AsSpan().CopyTo(editor.Values);
        dst = editor.Commit();
    }

    /// <summary>The outputs of one row.</summary>
    private sealed record RowResult(float[] Score, uint PredictedKey, float[] Cam, int Width, int Height, float[] Box);

    /// <summary>Computes a row's outputs once per row position (the TensorCacher pattern of ML.NET's torch transformers).</summary>
    private sealed class RowCache
    {
        private readonly RfgaLocalizeMapper mapper;
        private readonly DataViewRow row;
        private readonly Func<Imaging.RgbImage> readImage;
        private readonly ValueGetter<uint>? labelGetter;
        private long position = -1;
        private RowResult? result;

        public RowCache(RfgaLocalizeMapper mapper, DataViewRow row)
        {
            this.mapper = mapper;
            this.row = row;
            readImage = ImageColumn.MakeReader(row, mapper.imageColumn, mapper.parent.State.ImageFolder);
            if (mapper.labelColumn.HasValue) labelGetter = row.GetGetter<uint>(mapper.labelColumn.Value);
        }

        public RowResult Get()
        {
            if (result is null || position != row.Position)
            {
                result = Compute();
                position = row.Position;
            }
            return result;
        }

        private RowResult Compute()
        {
            var parent = mapper.parent;
            var state = parent.State;
            var image = readImage();
            int? labelIndex = null;
            if (labelGetter is not null)
            {
                uint key = 0;
                labelGetter(ref key);
                if (key == 0 || key > parent.ClassCount)
                    throw new InvalidDataException($"Row {row.Position}, column '{state.LabelColumnName}': the label is missing, " +
                        "but CamTarget = Label needs it (use CamTarget.Predicted for unlabelled data).");
                labelIndex = (int)key - 1;
            }
            using var scope = NewDisposeScope();
            using var noGrad = no_grad();
            var x = Imaging.ImageBatch.Evaluation([image], state.TestSize, state.Mean, state.Std).to(parent.Device);
            using var output = parent.Network.forward(x);
            var probabilities = output.Logits.softmax(1).cpu();
            long predicted = probabilities.argmax(1).item<long>();
            var target = tensor(new long[] { labelIndex ?? predicted }, device: parent.Device);
            var cam = ClassActivationMaps.Normalized(output.ClassMaps, target, image.Height, image.Width).cpu();
            float[] camValues = cam.data<float>().ToArray();
            var box = BoxExtractor.LargestComponentBox(camValues, image.Width, image.Height, state.Tau);
            return new RowResult(probabilities.data<float>().ToArray(), (uint)predicted + 1, camValues,
                image.Width, image.Height, [box.X0, box.Y0, box.X1, box.Y1]);
        }
    }
}
