using System.Collections.Generic;

namespace Rfga.MLNet.Samples.Experiments;

/// <summary>The paper's figures for one row on one data set (any may be missing).</summary>
/// <param name="MaxBoxAcc">MaxBoxAcc (%) at δ = 0.5, 0.6, 0.7, 0.8, 0.9, or null.</param>
/// <param name="Avg">Their mean (%), as printed, or null.</param>
/// <param name="MIoU">mIoU (fraction), or null.</param>
/// <param name="Top1">Top-1 classification (%), Table 2, or null.</param>
internal sealed record PaperFigures(IReadOnlyList<double>? MaxBoxAcc, double? Avg, double? MIoU, double? Top1);
