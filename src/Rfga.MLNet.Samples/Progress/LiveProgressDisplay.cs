using System;
using Rfga.MLNet.Training;
using Spectre.Console;

namespace Rfga.MLNet.Samples.Progress;

/// <summary>Spectre.Console live progress: one bar per training run or item count, lines printed above the bars.</summary>
internal sealed class LiveProgressDisplay(ProgressContext context) : ProgressDisplay
{
    /// <inheritdoc />
    public override IProgress<TrainingProgress> Training(string title) => new Reporter(this, title);

    /// <inheritdoc />
    public override ItemProgress Items(string title, int total)
    {
        var task = context.AddTask(Markup.Escape(title), autoStart: true, maxValue: Math.Max(total, 1));
        return new ItemProgress(title, total, (done, n, rate, eta) =>
        {
            task.Value = done;
            task.Description = Markup.Escape(ProgressText.Items(title, done, n, rate, eta));
            if (done >= n) task.StopTask();
        });
    }

    /// <inheritdoc />
    public override void Line(string text) => AnsiConsole.WriteLine(text);

    private sealed class Reporter(LiveProgressDisplay display, string title) : IProgress<TrainingProgress>
    {
        private ProgressTask? task;

        public void Report(TrainingProgress p)
        {
            task ??= display.Task(title, (double)p.Epochs * p.StepsPerEpoch);
            task.Value = (double)(p.Epoch - 1) * p.StepsPerEpoch + p.Step;
            task.Description = $"[bold]{Markup.Escape(title)}[/] {Markup.Escape(ProgressText.Step(p))}";
            if (p.EndOfEpoch) display.Line("  " + ProgressText.Epoch(p));
            if (p.EndOfEpoch && p.Epoch == p.Epochs) task.StopTask();
        }
    }

    private ProgressTask Task(string title, double steps) => context.AddTask(Markup.Escape(title), autoStart: true, maxValue: Math.Max(steps, 1));
}
