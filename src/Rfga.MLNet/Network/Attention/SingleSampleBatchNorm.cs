namespace Rfga.MLNet.Network;

/// <summary>What an RFGA branch does when a training batch gives its BatchNorm one value per channel (PAPER.md §2.4b).</summary>
public enum SingleSampleBatchNorm
{
    /// <summary>Throw an error naming the branch and batch size (default): the batch variance is undefined.</summary>
    Error = 0,

    /// <summary>Normalise that branch with its running statistics and leave them unchanged.</summary>
    UseRunningStats = 1,
}
