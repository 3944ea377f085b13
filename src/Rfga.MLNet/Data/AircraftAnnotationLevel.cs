namespace Rfga.MLNet.Data;

/// <summary>The FGVC-Aircraft label hierarchy level that defines the classes.</summary>
public enum AircraftAnnotationLevel
{
    /// <summary>100 variants (<c>variants.txt</c>, <c>images_variant_*.txt</c>); the paper's choice.</summary>
    Variant,

    /// <summary>70 families (<c>families.txt</c>, <c>images_family_*.txt</c>).</summary>
    Family,

    /// <summary>30 manufacturers (<c>manufacturers.txt</c>, <c>images_manufacturer_*.txt</c>).</summary>
    Manufacturer,
}
