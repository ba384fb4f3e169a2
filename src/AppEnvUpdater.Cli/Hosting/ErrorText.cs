using System.Text.RegularExpressions;

namespace AeUpdater.Cli.Hosting;

/// <summary>Turns exceptions into the one-line messages the CLI prints: no type names, no stack, no doubled punctuation.</summary>
internal static partial class ErrorText
{
    /// <summary>The message of <paramref name="exception"/> and of its inner exceptions, joined with ": " on one line.</summary>
    public static string Of(Exception exception)
    {
        ArgumentNullException.ThrowIfNull(exception);
        var parts = new List<string>();
        for (var e = exception; e is not null; e = e.InnerException)
        {
            var message = OneLine(e.Message).Trim();
            if (BinderFailure().Match(message) is { Success: true } binder)
            {
                // The configuration binder names .NET types; say what the key needs instead, and stop there.
                parts.Add($"{binder.Groups["key"].Value}: '{binder.Groups["value"].Value}' is not {Expected(binder.Groups["type"].Value)}");
                break;
            }

            if (message.Length > 0 && !parts.Any(p => p.Contains(WithoutFinalPeriod(message), StringComparison.Ordinal)))
            {
                parts.Add(message);
            }
        }

        return parts.Count == 0 ? "unknown error" : string.Join(": ", parts.Select(WithoutFinalPeriod)) + ".";
    }

    /// <summary><paramref name="text"/> with line breaks replaced by spaces.</summary>
    public static string OneLine(string text) =>
        string.Join(' ', text.Split(['\r', '\n'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));

    /// <summary><paramref name="text"/> without a final '.', so that it can be followed by other punctuation.</summary>
    public static string WithoutFinalPeriod(string text) => text.TrimEnd().TrimEnd('.');

    private static string Expected(string typeName) => typeName[(typeName.LastIndexOf('.') + 1)..] switch
    {
        "Boolean" => "true or false",
        "Int32" or "Int64" => "a whole number",
        "Double" => "a number",
        "TimeSpan" => "a time span such as 00:00:30",
        "Durability" => "Full or Fast",
        _ => "a valid value",
    };

    [GeneratedRegex("^Failed to convert configuration value '(?<value>.*)' at '(?<key>[^']*)' to type '(?<type>[^']*)'", RegexOptions.CultureInvariant)]
    private static partial Regex BinderFailure();
}
