using Microsoft.ML.Data;

namespace Rfga.MLNet.Samples.Demo;

/// <summary>One line of a split CSV written by <c>SyntheticWsolWriter</c>: ImagePath,Label,ClassName,X0,Y0,X1,Y1.</summary>
public sealed class CsvRow
{
    /// <summary>Image path relative to the data folder.</summary>
    [LoadColumn(0)] public string ImagePath { get; set; } = "";

    /// <summary>0-based class index.</summary>
    [LoadColumn(1)] public int ClassIndex { get; set; }

    /// <summary>Class name.</summary>
    [LoadColumn(2)] public string ClassName { get; set; } = "";

    /// <summary>Ground-truth box, inclusive pixel corners x0, y0, x1, y1.</summary>
    [LoadColumn(3, 6), VectorType(4)] public float[] Box { get; set; } = [];
}
