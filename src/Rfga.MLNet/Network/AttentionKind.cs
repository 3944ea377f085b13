namespace Rfga.MLNet.Network;

/// <summary>The attention module placed between the backbone's last feature map and the class-map head (PAPER.md §7).</summary>
public enum AttentionKind
{
    /// <summary>No module (plain CAM): X̂ = X.</summary>
    None = 0,

    /// <summary>RFGA with residual recalibration, X̂ = X + X ⊙ M (the paper's proposed method).</summary>
    RfgaResidual = 1,

    /// <summary>RFGA without residual, X̂ = X ⊙ M.</summary>
    RfgaNonResidual = 2,

    /// <summary>Squeeze-and-Excitation (reduction 16) in RFGA's place: X̂ = X ⊙ σ(W₂ ReLU(W₁ GAP(X))).</summary>
    Se = 3,

    /// <summary>CBAM in RFGA's place: channel gate (shared MLP, reduction 16, on average and max pooling), then a 7×7 spatial gate.</summary>
    Cbam = 4,

    /// <summary>ECA-Net in RFGA's place: X̂ = X ⊙ σ(conv1d_k(GAP(X))) over channels, no BN.</summary>
    Eca = 5,
}
