using System;
using System.Diagnostics;
using System.IO;
using System.Linq;

namespace Rfga.MLNet.Tests.Support;

/// <summary>Runs the <c>rfga</c> command line (built with the tests) as a child process.</summary>
internal static class RfgaCli
{
    /// <summary>The built rfga.dll of the same configuration as the tests.</summary>
    public static string DllPath
    {
        get
        {
            // tests/Rfga.MLNet.Tests/bin/<Configuration>/net10.0/ → repository root is five levels up.
            var bin = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar));
            string configuration = bin.Parent!.Name;
            string root = bin.Parent!.Parent!.Parent!.Parent!.Parent!.FullName;
            string dll = Path.Combine(root, "src", "Rfga.MLNet.Samples", "bin", configuration, "net10.0", "rfga.dll");
            if (!File.Exists(dll)) throw new FileNotFoundException($"The rfga command line was not built at '{dll}'.", dll);
            return dll;
        }
    }

    /// <summary>Runs <c>dotnet rfga.dll args…</c>; returns exit code, standard output and standard error.</summary>
    public static (int ExitCode, string Output, string Error) Run(params string[] args)
    {
        var info = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        info.ArgumentList.Add(DllPath);
        foreach (var a in args) info.ArgumentList.Add(a);
        using var process = Process.Start(info)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(TimeSpan.FromMinutes(5)))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"rfga {string.Join(' ', args.Take(1))} did not finish in 5 minutes.");
        }
        return (process.ExitCode, stdout.Result, stderr.Result);
    }
}
