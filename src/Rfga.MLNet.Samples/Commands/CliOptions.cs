using System;
using System.CommandLine;
using System.IO;

namespace Rfga.MLNet.Samples.Commands;

/// <summary>Helpers shared by the commands: option construction and the error policy (message, no stack trace).</summary>
internal static class CliOptions
{
    public static Option<T> Make<T>(string name, string description, T defaultValue) =>
        new(name) { Description = description, DefaultValueFactory = _ => defaultValue };

    public static Option<string> Required(string name, string description) =>
        new(name) { Description = description, Required = true };

    /// <summary>Runs <paramref name="body"/>; expected failures (bad input, files) print one line and give exit code 1 or 2.</summary>
    public static int Run(string command, Func<int> body)
    {
        try
        {
            return body();
        }
        catch (OperationCanceledException)
        {
            Console.Error.WriteLine($"rfga {command}: stopped by Ctrl+C.");
            return 130;
        }
        catch (Exception e) when (e is ArgumentException or InvalidDataException or FileNotFoundException or DirectoryNotFoundException)
        {
            Console.Error.WriteLine($"rfga {command}: {FirstLine(Innermost(e).Message)}");
            return 2;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or InvalidOperationException)
        {
            Console.Error.WriteLine($"rfga {command}: {FirstLine(Innermost(e).Message)}");
            return 1;
        }
    }

    /// <summary>The message up to its first line break (ArgumentOutOfRangeException appends "Actual value was …" on a new line).</summary>
    private static string FirstLine(string message)
    {
        int end = message.IndexOfAny(['\r', '\n']);
        return end < 0 ? message : message[..end];
    }

    /// <summary>ML.NET wraps errors raised inside cursors; the innermost one names the row and file.</summary>
    private static Exception Innermost(Exception e)
    {
        while (e.InnerException is not null && (e is InvalidOperationException || e is AggregateException || e.GetType().Name.Contains("TargetInvocation")))
            e = e.InnerException;
        return e;
    }
}
