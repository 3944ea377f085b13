using System;
using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.Runtime;
using Rfga.MLNet.Imaging;

namespace Rfga.MLNet.MLNet;

/// <summary>
/// One-row-at-a-time mapper of <see cref="RfgaClassifierTransformer"/> and <see cref="ActivationMapTransformer"/> (PredictionEngine, row-to-row use): one
/// forward pass per row, shared by the output getters through a cache keyed on the row position.
/// </summary>
internal sealed class ClassifierRowMapper : IRowMapper
{
    private readonly IImageScorer parent;
    private readonly DataViewSchema.Column imageColumn;
    private readonly DataViewSchema.Column? cropColumn;

    public ClassifierRowMapper(IImageScorer parent, DataViewSchema inputSchema)
    {
        this.parent = parent;
        imageColumn = SchemaChecks.RequireImage(parent.Host, inputSchema, parent.ImageColumnName);
        cropColumn = ImageColumn.CropColumn(parent.Host, inputSchema, parent.CropBottomColumnName);
    }

    public DataViewSchema.DetachedColumn[] GetOutputColumns() => parent.OutputColumns();

    public Func<int, bool> GetDependencies(Func<int, bool> activeOutput)
    {
        bool any = false;
        for (int i = 0; i < ClassifierGetters.Count; i++) any |= activeOutput(i);
        return col => any && (col == imageColumn.Index || col == cropColumn?.Index);
    }

    public ITransformer GetTransformer() => parent;

    void ICanSaveModel.Save(ModelSaveContext ctx) => parent.Save(ctx);

    public Delegate[] CreateGetters(DataViewRow input, Func<int, bool> activeOutput, out Action disposer)
    {
        disposer = null!;
        var getters = new Delegate[ClassifierGetters.Count];
        Func<RgbImage>? read = null;
        long position = -1;
        ClassifierResult? cached = null;
        ClassifierResult Current()
        {
            if (cached is null || position != input.Position)
            {
                read ??= ImageColumn.MakeReader(input, imageColumn, parent.ImageFolder, cropColumn);
                cached = parent.Score([read()])[0];
                position = input.Position;
            }
            return cached;
        }
        for (int i = 0; i < getters.Length; i++)
            if (activeOutput(i)) getters[i] = ClassifierGetters.Make(i, Current);
        return getters;
    }
}
