using System.CommandLine;
using Rfga.MLNet.Samples.Commands;
using Rfga.MLNet.Samples.Demo;

namespace Rfga.MLNet.Samples;

/// <summary>The <c>rfga</c> command line.</summary>
public static class Program
{
    /// <summary>Entry point.</summary>
    public static int Main(string[] args)
    {
        var root = new RootCommand("rfga: weakly supervised object localization with RFGA on ML.NET + TorchSharp.");
        root.Subcommands.Add(DemoCommand.Create());
        root.Subcommands.Add(TrainCommand.Create());
        root.Subcommands.Add(LocalizeCommand.Create());
        return root.Parse(args).Invoke();
    }
}
