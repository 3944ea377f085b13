using System;
using System.Collections.Generic;
using System.Linq;
using Microsoft.ML;
using Microsoft.ML.Data;
using Rfga.MLNet.Imaging;

namespace Rfga.MLNet.MLNet;

/// <summary>
/// The lazily scored view returned by <see cref="RfgaClassifierTransformer.Transform"/> and <see cref="ActivationMapTransformer.Transform"/>. Its cursor keeps a
/// look-ahead cursor over the image column that reads the next <c>InferenceBatchSize</c> images, runs one forward
/// pass for all of them, and serves the results while the main cursor passes the other columns through (the
/// pattern of ML.NET's BatchDataViewMapperBase). Row order is the input's; the view does not shuffle.
/// </summary>
internal sealed class BatchedScoringDataView : IDataView
{
    private readonly IImageScorer parent;
    private readonly IDataView input;
    private readonly DataViewSchema.Column imageColumn;
    private readonly DataViewSchema.Column? cropColumn;

    public BatchedScoringDataView(IImageScorer parent, IDataView input)
    {
        this.parent = parent;
        this.input = input;
        imageColumn = SchemaChecks.RequireImage(parent.Host, input.Schema, parent.ImageColumnName);
        cropColumn = ImageColumn.CropColumn(parent.Host, input.Schema, parent.CropBottomColumnName);
        Schema = parent.GetOutputSchema(input.Schema);
    }

    public bool CanShuffle => false;

    public DataViewSchema Schema { get; }

    public long? GetRowCount() => input.GetRowCount();

    public DataViewRowCursor GetRowCursor(IEnumerable<DataViewSchema.Column> columnsNeeded, Random? rand = null)
    {
        var needed = columnsNeeded.Select(c => c.Index).ToHashSet();
        int inputCount = input.Schema.Count;
        bool scoring = needed.Any(i => i >= inputCount);
        var inputColumns = input.Schema.Where(c => needed.Contains(c.Index));
        return new Cursor(this, input.GetRowCursor(inputColumns), scoring ? input.GetRowCursor(cropColumn is { } c ? [imageColumn, c] : [imageColumn]) : null, needed);
    }

    public DataViewRowCursor[] GetRowCursorSet(IEnumerable<DataViewSchema.Column> columnsNeeded, int n, Random? rand = null)
        => [GetRowCursor(columnsNeeded, rand)];

    private sealed class Cursor : DataViewRowCursor
    {
        private readonly BatchedScoringDataView view;
        private readonly DataViewRowCursor main;
        private readonly DataViewRowCursor? lookAhead;
        private readonly Func<RgbImage>? readImage;
        private readonly HashSet<int> active;
        private ClassifierResult[] batch = [];
        private long batchStart;
        private bool disposed;

        public Cursor(BatchedScoringDataView view, DataViewRowCursor main, DataViewRowCursor? lookAhead, HashSet<int> active)
        {
            this.view = view;
            this.main = main;
            this.lookAhead = lookAhead;
            this.active = active;
            if (lookAhead is not null)
                readImage = ImageColumn.MakeReader(lookAhead, view.imageColumn, view.parent.ImageFolder, view.cropColumn);
        }

        public override DataViewSchema Schema => view.Schema;

        public override long Position => main.Position;

        public override long Batch => main.Batch;

        public override bool MoveNext()
        {
            if (!main.MoveNext()) return false;
            if (lookAhead is not null && main.Position >= batchStart + batch.Length) FillBatch();
            return true;
        }

        private void FillBatch()
        {
            batchStart = main.Position;
            var images = new List<RgbImage>(view.parent.InferenceBatchSize);
            while (images.Count < view.parent.InferenceBatchSize && lookAhead!.MoveNext())
                images.Add(readImage!());
            batch = view.parent.Score(images);
            if (batch.Length == 0)
                throw new InvalidOperationException("The scoring look-ahead cursor ended before the main cursor: the input view changed while being read.");
        }

        private ClassifierResult Current() => batch[checked((int)(main.Position - batchStart))];

        public override bool IsColumnActive(DataViewSchema.Column column) => active.Contains(column.Index);

        public override ValueGetter<TValue> GetGetter<TValue>(DataViewSchema.Column column)
        {
            int inputCount = view.input.Schema.Count;
            if (column.Index < inputCount) return main.GetGetter<TValue>(view.input.Schema[column.Index]);
            if (!active.Contains(column.Index))
                throw new InvalidOperationException($"Column '{column.Name}' was not requested when the cursor was created.");
            var getter = ClassifierGetters.Make(column.Index - inputCount, Current);
            return getter as ValueGetter<TValue>
                ?? throw new InvalidOperationException($"Column '{column.Name}' has type {column.Type}, not {typeof(TValue).Name}.");
        }

        public override ValueGetter<DataViewRowId> GetIdGetter() => main.GetIdGetter();

        protected override void Dispose(bool disposing)
        {
            if (disposed) return;
            if (disposing)
            {
                main.Dispose();
                lookAhead?.Dispose();
            }
            disposed = true;
            base.Dispose(disposing);
        }
    }
}
