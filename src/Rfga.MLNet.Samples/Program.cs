using System;
using System.CommandLine;
using Rfga.MLNet.Samples.Commands;
using Rfga.MLNet.Samples.Demo;
using Rfga.MLNet.Training;

namespace Rfga.MLNet.Samples;

/// <summary>The <c>rfga</c> command line.</summary>
public static class Program
{
    /// <summary>Entry point.</summary>
    public static int Main(string[] args)
    {
        // Before any tensor exists: the library's allocator default (glibc keeps freed tensor memory instead of faulting it
        // in again every step; docs/PERFORMANCE.md), which honours RFGA_KEEP_FREED_MEMORY=0. No-op off glibc.
        NativeMemoryPolicy.ApplyDefault();
        var root = new RootCommand("rfga: weakly supervised object localization with RFGA on ML.NET + TorchSharp.");
        root.Subcommands.Add(DemoCommand.Create());
        root.Subcommands.Add(TrainCommand.Create());
        root.Subcommands.Add(LocalizeCommand.Create());
        root.Subcommands.Add(EvaluateCommand.Create());
        root.Subcommands.Add(VisualizeCommand.Create());
        root.Subcommands.Add(ReportCommand.Create());
        root.Subcommands.Add(ExperimentCommand.Create());
        root.Subcommands.Add(BenchCommand.Create());
        var result = root.Parse(args);
        if (result.Errors.Count > 0 && result.Action is System.CommandLine.Invocation.ParseErrorAction)
        {
            // One line instead of the error list plus the whole help text.
            Console.Error.WriteLine(ParseErrors.Describe(result));
            return ParseErrors.ExitCode;
        }
        return result.Invoke();
    }
}
