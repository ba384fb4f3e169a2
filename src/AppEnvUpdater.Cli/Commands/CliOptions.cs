using System.CommandLine;
using System.CommandLine.Parsing;
using System.Globalization;
using AeUpdater.Placeholders;

namespace AeUpdater.Cli.Commands;

/// <summary>Factories for the options several commands share (an option instance belongs to one command).</summary>
internal static class CliOptions
{
    public static Option<bool> Json(string what) => new("--json")
    {
        Description = $"Print {what} as one JSON object on stdout (logs go to stderr).",
    };

    public static Option<string?> AppName() => new("--app-name")
    {
        Description = "The app's name, used for {app}, {ado} and {app_name}, e.g. --app-name MyApp. Default: config AeUpdater:AppName, else 'ae-updater'.",
        HelpName = "NAME",
    };

    public static Option<string[]> Placeholder()
    {
        var option = new Option<string[]>("--placeholder", "-p")
        {
            Description = "Add or override a placeholder, repeatable, e.g. -p usr=/tmp/usr -p doc=~/Docs. A relative PATH is taken from the current directory.",
            HelpName = "ID=PATH",
            Arity = ArgumentArity.ZeroOrMore,
        };
        option.Validators.Add(result =>
        {
            foreach (var token in result.Tokens)
            {
                if (!PlaceholderAssignment.TryParse(token.Value, out _, out var error))
                {
                    result.AddError(error!);
                }
            }
        });
        return option;
    }

    public static Option<string?> Os()
    {
        var option = new Option<string?>("--os")
        {
            Description = $"Apply OnOS__ folders as if on this platform: {string.Join(", ", PlatformIds.All)}. Default: the detected platform ({PlatformIds.Detect()}).",
            HelpName = "ID",
        };
        option.Validators.Add(result =>
        {
            var value = result.Tokens.Count > 0 ? result.Tokens[0].Value : null;
            if (value is not null && !PlatformIds.IsKnown(value))
            {
                result.AddError($"--os '{value}' is not a platform id; use one of {string.Join(", ", PlatformIds.All)}.");
            }
        });
        return option;
    }

    /// <summary>Applies the <c>--placeholder</c> values (already validated) to <paramref name="placeholders"/>, later ones winning.</summary>
    public static void Apply(IEnumerable<string>? values, IDictionary<string, string> placeholders)
    {
        foreach (var value in values ?? [])
        {
            if (PlaceholderAssignment.TryParse(value, out var assignment, out _))
            {
                placeholders[assignment.Id] = assignment.Path;
            }
        }
    }

    /// <summary><c>--durability</c>: only the names <c>Full</c> and <c>Fast</c> (any case), not numbers.</summary>
    public static Durability? ParseDurability(ArgumentResult result)
    {
        var value = result.Tokens.Count > 0 ? result.Tokens[0].Value : "";
        foreach (var durability in Enum.GetValues<Durability>())
        {
            if (string.Equals(value, durability.ToString(), StringComparison.OrdinalIgnoreCase))
            {
                return durability;
            }
        }

        result.AddError($"--durability '{value}' is neither Full nor Fast.");
        return null;
    }

    /// <summary><c>--lock-timeout</c>: a number of seconds, 0 or more (fractions allowed, invariant culture).</summary>
    public static double? ParseSeconds(ArgumentResult result)
    {
        var value = result.Tokens.Count > 0 ? result.Tokens[0].Value : "";
        if (double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var seconds)
            && double.IsFinite(seconds) && seconds >= 0 && seconds < TimeSpan.MaxValue.TotalSeconds)
        {
            return seconds;
        }

        result.AddError($"--lock-timeout '{value}' is not a number of seconds (0 or more).");
        return null;
    }
}
