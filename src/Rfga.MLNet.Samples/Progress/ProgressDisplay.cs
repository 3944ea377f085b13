using System;
using Rfga.MLNet.Training;
using Spectre.Console;

namespace Rfga.MLNet.Samples.Progress;

/// <summary>
/// Where long work reports itself: a Spectre.Console live display (bars with epoch, step, loss, lr, images/s and ETA)
/// when standard output is an ANSI terminal, plain lines otherwise (one per epoch and every N steps, so CI logs stay
/// readable). Commands get one from <see cref="Run{T}"/> and route every line they print through it.
/// </summary>
internal abstract class ProgressDisplay
{
    /// <summary>True when standard output is an interactive terminal that understands ANSI (and NO_COLOR/TERM allow it).</summary>
    public static bool CanRunLive =>
        !Console.IsOutputRedirected && AnsiConsole.Profile.Capabilities.Ansi && AnsiConsole.Profile.Capabilities.Interactive;

    /// <summary>Runs <paramref name="body"/> with a live display when <see cref="CanRunLive"/>, else with plain lines on standard output.</summary>
    /// <param name="body">The work; it reports through the display it is given.</param>
    /// <param name="logEverySteps">Plain mode: a step line every this many steps (0: epoch lines only).</param>
    public static T Run<T>(Func<ProgressDisplay, T> body, int logEverySteps = PlainProgressDisplay.DefaultLogEverySteps)
    {
        if (!CanRunLive) return body(new PlainProgressDisplay(Console.Out, logEverySteps));
        return AnsiConsole.Progress()
            .AutoClear(false)
            .HideCompleted(false)
            .Columns(new TaskDescriptionColumn { Alignment = Justify.Left }, new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn())
            .Start(context => body(new LiveProgressDisplay(context)));
    }

    /// <summary>A reporter for one training run (its bar is created on the first report).</summary>
    public abstract IProgress<TrainingProgress> Training(string title);

    /// <summary>A counter for <paramref name="total"/> items (images scored, figures drawn).</summary>
    public abstract ItemProgress Items(string title, int total);

    /// <summary>Prints one line (above the bars in live mode).</summary>
    public abstract void Line(string text);
}
