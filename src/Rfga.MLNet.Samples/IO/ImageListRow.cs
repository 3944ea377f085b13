namespace Rfga.MLNet.Samples.IO;

/// <summary>One image of an image list: path, class name (may be empty) and ground-truth boxes (4 floats each, may be empty).</summary>
public sealed class ImageListRow
{
    /// <summary>Image path, relative to the image folder or absolute.</summary>
    public string ImagePath { get; set; } = "";

    /// <summary>Class name; empty when unknown.</summary>
    public string ClassName { get; set; } = "";

    /// <summary>Ground-truth boxes x0, y0, x1, y1 (inclusive pixels), 4 values per box.</summary>
    public float[] Boxes { get; set; } = [];
}
