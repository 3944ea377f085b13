namespace Rfga.MLNet.Data;

/// <summary>How much a reader looks at the image files it lists.</summary>
public enum ImageFileCheck
{
    /// <summary>Metadata only: files are not touched; sizes the publisher does not list stay 0 and boxes are not checked against the image.</summary>
    None,

    /// <summary>Every listed image must exist; sizes come from the publisher's files only.</summary>
    Exists,

    /// <summary>Every listed image must exist; sizes the publisher does not list are read from the file header (no pixels decoded).</summary>
    Size,
}
