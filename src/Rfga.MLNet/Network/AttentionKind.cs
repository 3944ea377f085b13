namespace Rfga.MLNet.Network;

/// <summary>The attention module placed between the backbone's last feature map and the class-map head.</summary>
public enum AttentionKind
{
    /// <summary>No module (plain CAM): X̂ = X.</summary>
    None = 0,

    /// <summary>RFGA with residual recalibration, X̂ = X + X ⊙ M (the paper's proposed method).</summary>
    RfgaResidual = 1,

    /// <summary>RFGA without residual, X̂ = X ⊙ M.</summary>
    RfgaNonResidual = 2,
}
