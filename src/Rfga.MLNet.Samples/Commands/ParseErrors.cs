using System;
using System.CommandLine;
using System.CommandLine.Parsing;
using System.Linq;
using System.Text.RegularExpressions;

namespace Rfga.MLNet.Samples.Commands;

/// <summary>
/// Command-line errors as one line on standard error ("rfga train: --attention: 'Foo' is not one of …"), instead of
/// System.CommandLine's error list followed by the whole help text.
/// </summary>
internal static class ParseErrors
{
    /// <summary>Exit code of a command line that does not parse.</summary>
    public const int ExitCode = 2;

    /// <summary>The one-line message for the first error of <paramref name="result"/>.</summary>
    public static string Describe(ParseResult result)
    {
        var error = result.Errors[0];
        string command = CommandPath(result.CommandResult);
        string text = error.Message;
        var option = error.SymbolResult switch
        {
            OptionResult o => o,
            ArgumentResult { Parent: OptionResult o } => o,
            _ => null,
        };
        if (option is not null)
        {
            var type = Nullable.GetUnderlyingType(option.Option.ValueType) ?? option.Option.ValueType;
            if (type.IsArray) type = type.GetElementType()!;
            string? value = option.Tokens.Count > 0 ? option.Tokens[^1].Value : null;
            if (type.IsEnum && value is not null)
                text = $"{option.Option.Name}: '{value}' is not one of {string.Join(", ", Enum.GetNames(type))}.";
            else if (!text.Contains(option.Option.Name, StringComparison.Ordinal))
                text = $"{option.Option.Name}: {text}";
        }
        // "Must be one of:" lists its values on further lines: fold them into the one line.
        text = Regex.Replace(text, @"\s*[\r\n]+\s*", " ").Trim();
        return $"{command}: {text} (see '{command} --help')";
    }

    private static string CommandPath(CommandResult result)
    {
        var names = new System.Collections.Generic.List<string>();
        for (SymbolResult? r = result; r is not null; r = r.Parent)
            if (r is CommandResult c) names.Add(c.Command.Name);
        names.Reverse();
        if (names.Count > 0) names[0] = "rfga";
        return string.Join(' ', names.Count == 0 ? ["rfga"] : names.AsEnumerable());
    }
}
