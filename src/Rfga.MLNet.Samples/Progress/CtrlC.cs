using System;
using System.Threading;

namespace Rfga.MLNet.Samples.Progress;

/// <summary>
/// Turns the first Ctrl+C (SIGINT) into a cancellation the work checks between steps; a second one ends the
/// process at once. Dispose to restore the default behaviour.
/// </summary>
internal sealed class CtrlC : IDisposable
{
    private readonly CancellationTokenSource source = new();
    private readonly Action<string> say;

    /// <summary>Starts listening; <paramref name="say"/> prints the "stopping" notice.</summary>
    public CtrlC(Action<string> say)
    {
        this.say = say;
        Console.CancelKeyPress += OnCancel;
    }

    /// <summary>Cancelled by the first Ctrl+C.</summary>
    public CancellationToken Token => source.Token;

    private void OnCancel(object? sender, ConsoleCancelEventArgs e)
    {
        if (source.IsCancellationRequested) return;   // second Ctrl+C: default handling ends the process
        e.Cancel = true;
        source.Cancel();
        say("Ctrl+C: stopping after the current step (press it again to abort at once)…");
    }

    /// <summary>Stops listening.</summary>
    public void Dispose()
    {
        Console.CancelKeyPress -= OnCancel;
        source.Dispose();
    }
}
