namespace Rfga.MLNet.Samples.Experiments;

/// <summary>How an experiment's results are tabulated (the paper's two table shapes).</summary>
internal enum ExperimentLayout
{
    /// <summary>Table 1: one row per method; columns MaxBoxAcc at δ 0.5…0.9, Avg., mIoU (plus Top-1 classification, Table 2).</summary>
    Methods,

    /// <summary>Table 3: one column per row of the definition (the views); rows MaxBoxAcc (Avg. over δ) and mIoU.</summary>
    Views,
}
