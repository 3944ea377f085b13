using System;
using System.Collections.Generic;
using System.Linq;
using Microsoft.ML;
using Microsoft.ML.Data;
using Rfga.MLNet.Data;

namespace Rfga.MLNet.MLNet;

/// <summary>
/// <see cref="IDataView"/>s over the records of <see cref="WsolDatasets"/>, with the columns the Rfga chain expects.
/// </summary>
/// <remarks>
/// <format type="text/markdown"><![CDATA[
/// | column | type | content |
/// |---|---|---|
/// | `ImagePath` | String | absolute image path (the estimator's default image column) |
/// | `Label` | String | class name; apply `MapValueToKey` with `ClassNamesDataView` as key data so that key = class index + 1 |
/// | `ClassIndex` | Int32 | class index, 0-based, in the publisher's order |
/// | `Boxes` | Vector<Single>, variable length | 4 values per ground-truth box: x0, y0, x1, y1, inclusive source pixels |
/// | `ImageWidth`, `ImageHeight` | Int32 | source image size in pixels; 0 when it was not read |
/// ]]></format>
/// </remarks>
public static class WsolDataViews
{
    /// <summary>Column of the image path.</summary>
    public const string ImagePathColumnName = "ImagePath";

    /// <summary>Column of the class name.</summary>
    public const string LabelColumnName = "Label";

    /// <summary>Column of the 0-based class index.</summary>
    public const string ClassIndexColumnName = "ClassIndex";

    /// <summary>Column of the ground-truth boxes, 4 floats per box.</summary>
    public const string BoxesColumnName = "Boxes";

    /// <summary>Column of the image width.</summary>
    public const string ImageWidthColumnName = "ImageWidth";

    /// <summary>Column of the image height.</summary>
    public const string ImageHeightColumnName = "ImageHeight";

    /// <summary>Column of the rows to drop at the bottom of each image (FGVC-Aircraft's banner when cropped; else 0),
    /// for <see cref="RfgaTrainerOptions.CropBottomColumnName"/>.</summary>
    public const string CropBottomColumnName = "CropBottom";

    /// <summary>The records as an <see cref="IDataView"/> with the columns listed on <see cref="WsolDataViews"/>, in record order.</summary>
    /// <param name="records">Records from <see cref="WsolDatasets"/> (a split of <see cref="WsolSplits"/>).</param>
    /// <param name="ml">The ML.NET context.</param>
    public static IDataView ToDataView(this IReadOnlyList<WsolRecord> records, MLContext ml)
    {
        ArgumentNullException.ThrowIfNull(records);
        ArgumentNullException.ThrowIfNull(ml);
        var rows = new Row[records.Count];
        for (int i = 0; i < rows.Length; i++)
        {
            var r = records[i] ?? throw new ArgumentException($"records[{i}] is null.", nameof(records));
            var boxes = new float[r.Boxes.Count * 4];
            for (int b = 0; b < r.Boxes.Count; b++)
            {
                boxes[4 * b] = r.Boxes[b].X0;
                boxes[4 * b + 1] = r.Boxes[b].Y0;
                boxes[4 * b + 2] = r.Boxes[b].X1;
                boxes[4 * b + 3] = r.Boxes[b].Y1;
            }
            rows[i] = new Row
            {
                ImagePath = r.ImagePath,
                Label = r.ClassName,
                ClassIndex = r.ClassIndex,
                Boxes = boxes,
                ImageWidth = r.Width,
                ImageHeight = r.Height,
                CropBottom = r.CropBottom,
            };
        }
        return ml.Data.LoadFromEnumerable(rows);
    }

    /// <summary>
    /// A one-column (<c>Label</c>, String) view of the class names in class-index order, for
    /// <c>MapValueToKey(..., keyData: ...)</c>: keys then follow the publisher's class order (key = index + 1)
    /// whatever order the rows come in.
    /// </summary>
    /// <param name="splits">The data set.</param>
    /// <param name="ml">The ML.NET context.</param>
    public static IDataView ClassNamesDataView(this WsolSplits splits, MLContext ml)
    {
        ArgumentNullException.ThrowIfNull(splits);
        ArgumentNullException.ThrowIfNull(ml);
        return ml.Data.LoadFromEnumerable(splits.ClassNames.Select(name => new ClassNameRow { Label = name }).ToArray());
    }

    private sealed class Row
    {
        public string ImagePath { get; set; } = "";
        public string Label { get; set; } = "";
        public int ClassIndex { get; set; }
        [VectorType]
        public float[] Boxes { get; set; } = [];
        public int ImageWidth { get; set; }
        public int ImageHeight { get; set; }
        public int CropBottom { get; set; }
    }

    private sealed class ClassNameRow
    {
        public string Label { get; set; } = "";
    }
}
