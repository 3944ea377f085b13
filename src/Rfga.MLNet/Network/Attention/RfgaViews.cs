namespace Rfga.MLNet.Network;

/// <summary>The pooled descriptors (views) RFGA combines into its attention tensor M (PAPER.md §2.1, Table 3).</summary>
[System.Flags]
public enum RfgaViews
{
    /// <summary>Channel view z_c: average over height and width, [B, C, 1, 1].</summary>
    Channel = 1,

    /// <summary>Height view z_h: average over width, one value per row, [B, C, H, 1].</summary>
    Height = 2,

    /// <summary>Width view z_w: average over height, one value per column, [B, C, 1, W].</summary>
    Width = 4,

    /// <summary>All three views (the full module).</summary>
    All = Channel | Height | Width,
}
