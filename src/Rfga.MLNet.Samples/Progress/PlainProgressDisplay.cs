using System;
using System.IO;
using Rfga.MLNet.Training;

namespace Rfga.MLNet.Samples.Progress;

/// <summary>
/// Progress as plain lines for logs: one line at the end of every epoch, one every <c>logEverySteps</c> steps, and
/// about ten lines per item count. No ANSI codes, no carriage returns.
/// </summary>
internal sealed class PlainProgressDisplay(TextWriter output, int logEverySteps) : ProgressDisplay
{
    /// <summary>Default step-line interval.</summary>
    public const int DefaultLogEverySteps = 20;

    /// <inheritdoc />
    public override IProgress<TrainingProgress> Training(string title) => new Reporter(this, logEverySteps);

    /// <inheritdoc />
    public override ItemProgress Items(string title, int total)
    {
        int every = Math.Max(1, (total + 9) / 10);
        return new ItemProgress(title, total, (done, n, rate, eta) =>
        {
            if (done % every == 0 || done == n) Line("  " + ProgressText.Items(title, done, n, rate, eta));
        });
    }

    /// <inheritdoc />
    public override void Line(string text)
    {
        lock (output) output.WriteLine(text);
    }

    private sealed class Reporter(PlainProgressDisplay display, int every) : IProgress<TrainingProgress>
    {
        public void Report(TrainingProgress p)
        {
            if (p.EndOfEpoch) display.Line("  " + ProgressText.Epoch(p));
            else if (every > 0 && p.Step % every == 0) display.Line("  " + ProgressText.Step(p));
        }
    }
}
