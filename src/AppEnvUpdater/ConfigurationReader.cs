using System.Globalization;
using Microsoft.Extensions.Configuration;

namespace AeUpdater;

/// <summary>
/// Reads the <c>AeUpdater</c> configuration section into <see cref="UpdaterOptions"/> exactly as
/// <c>ConfigurationBinder.Bind</c> would, when the section holds only keys and values whose binding is certain: the plain
/// options with a value in its usual form (a path, <c>true</c>/<c>false</c>, <c>Full</c>/<c>Fast</c>, a number of
/// seconds as <c>hh:mm:ss</c>, a decimal integer), and <c>Placeholders</c> and <c>Exclude</c> entries with values. Any
/// other key or form (a value the binder may refuse, an option that is an object, a key it ignores) is left to the
/// binder, for the whole section, so its results and its error messages stay what they are.
/// </summary>
/// <remarks>
/// Why: the reflection binder's first use in a process costs about as much as the rest of <c>ae-updater check-all</c>'s
/// configuration (it loads System.ComponentModel.TypeConverter and reflects over the options; docs/performance.md, "CLI
/// no-op"). The source-generated binder cannot bind these options (their <c>TimeProvider</c>, <c>IProgress</c> and
/// required members of <c>PlaceholderEnvironment</c>).
/// </remarks>
internal static class ConfigurationReader
{
    /// <summary>Reads <paramref name="section"/> into <paramref name="options"/>, or changes nothing and returns false.</summary>
    /// <param name="section">The <c>AeUpdater</c> section.</param>
    /// <param name="options">Fresh options (their defaults).</param>
    /// <returns>Whether the section was read; when false the binder must bind it.</returns>
    public static bool TryRead(IConfigurationSection section, UpdaterOptions options)
    {
        if (section.Value is not null)
        {
            return false;
        }

        string? root = null, destination = null, platform = null, appName = null, stateDirectory = null;
        bool? dryRun = null, trustAnyPlugin = null, requireVerifiedPlugins = null;
        TimeSpan? lockTimeout = null;
        Durability? durability = null;
        int? maxPluginFailures = null;
        List<KeyValuePair<string, string>>? placeholders = null;
        List<string>? exclude = null;
        foreach (var child in section.GetChildren())
        {
            var key = child.Key;
            if (Is(key, nameof(UpdaterOptions.Placeholders)) || Is(key, nameof(UpdaterOptions.Exclude)))
            {
                if (child.Value is not null || !TryReadEntries(child, out var entries))
                {
                    return false;
                }

                if (Is(key, nameof(UpdaterOptions.Placeholders)))
                {
                    placeholders = entries;
                }
                else
                {
                    exclude = entries.ConvertAll(static e => e.Value);
                }

                continue;
            }

            var value = child.Value;
            if (value is null || HasChildren(child))
            {
                return false;
            }

            if (Is(key, nameof(UpdaterOptions.Root)))
            {
                root = value;
            }
            else if (Is(key, nameof(UpdaterOptions.DefaultDestination)))
            {
                destination = value;
            }
            else if (Is(key, nameof(UpdaterOptions.Platform)))
            {
                platform = value;
            }
            else if (Is(key, nameof(UpdaterOptions.AppName)))
            {
                appName = value;
            }
            else if (Is(key, nameof(UpdaterOptions.StateDirectory)))
            {
                stateDirectory = value;
            }
            else if (Is(key, nameof(UpdaterOptions.DryRun)) && TryReadBoolean(value, out var flag))
            {
                dryRun = flag;
            }
            else if (Is(key, nameof(UpdaterOptions.TrustAnyPlugin)) && TryReadBoolean(value, out flag))
            {
                trustAnyPlugin = flag;
            }
            else if (Is(key, nameof(UpdaterOptions.RequireVerifiedPlugins)) && TryReadBoolean(value, out flag))
            {
                requireVerifiedPlugins = flag;
            }
            else if (Is(key, nameof(UpdaterOptions.LockTimeout)) && TryReadTimeSpan(value, out var timeout))
            {
                lockTimeout = timeout;
            }
            else if (Is(key, nameof(UpdaterOptions.Durability)) && TryReadDurability(value, out var mode))
            {
                durability = mode;
            }
            else if (Is(key, nameof(UpdaterOptions.MaxPluginFailures)) && TryReadInt32(value, out var number))
            {
                maxPluginFailures = number;
            }
            else
            {
                return false;
            }
        }

        options.Root = root ?? options.Root;
        options.DefaultDestination = destination ?? options.DefaultDestination;
        options.Platform = platform ?? options.Platform;
        options.AppName = appName ?? options.AppName;
        options.StateDirectory = stateDirectory ?? options.StateDirectory;
        options.DryRun = dryRun ?? options.DryRun;
        options.TrustAnyPlugin = trustAnyPlugin ?? options.TrustAnyPlugin;
        options.RequireVerifiedPlugins = requireVerifiedPlugins ?? options.RequireVerifiedPlugins;
        options.LockTimeout = lockTimeout ?? options.LockTimeout;
        options.Durability = durability ?? options.Durability;
        options.MaxPluginFailures = maxPluginFailures ?? options.MaxPluginFailures;
        foreach (var (name, value) in placeholders ?? [])
        {
            options.Placeholders[name] = value;
        }

        options.Exclude.AddRange(exclude ?? []);
        return true;
    }

    /// <summary>Configuration keys ignore case, as the binder matches them to property names.</summary>
    private static bool Is(string key, string property) => string.Equals(key, property, StringComparison.OrdinalIgnoreCase);

    private static bool HasChildren(IConfigurationSection section)
    {
        using var children = section.GetChildren().GetEnumerator();
        return children.MoveNext();
    }

    /// <summary>The entries of a dictionary or list section, in the binder's order; false when one is not a plain value.</summary>
    private static bool TryReadEntries(IConfigurationSection section, out List<KeyValuePair<string, string>> entries)
    {
        entries = [];
        foreach (var child in section.GetChildren())
        {
            if (child.Value is not { } value || HasChildren(child))
            {
                return false;
            }

            entries.Add(new(child.Key, value));
        }

        return true;
    }

    /// <summary><c>true</c> or <c>false</c> in any case, nothing around (what <c>bool.Parse</c> takes without trimming).</summary>
    private static bool TryReadBoolean(string value, out bool result)
    {
        result = string.Equals(value, bool.TrueString, StringComparison.OrdinalIgnoreCase);
        return result || string.Equals(value, bool.FalseString, StringComparison.OrdinalIgnoreCase);
    }

    /// <summary>Digits, colons and periods that <c>TimeSpan</c> parses with the invariant culture (as the binder's converter does).</summary>
    private static bool TryReadTimeSpan(string value, out TimeSpan result)
    {
        result = default;
        if (value.Length == 0)
        {
            return false;
        }

        foreach (var c in value)
        {
            if (!char.IsAsciiDigit(c) && c is not ':' and not '.')
            {
                return false;
            }
        }

        return TimeSpan.TryParse(value, CultureInfo.InvariantCulture, out result);
    }

    /// <summary>A name of <see cref="Durability"/>'s, in any case (as the binder's enum converter takes it).</summary>
    private static bool TryReadDurability(string value, out Durability result)
    {
        result = string.Equals(value, nameof(Durability.Fast), StringComparison.OrdinalIgnoreCase) ? Durability.Fast : Durability.Full;
        return result == Durability.Fast || string.Equals(value, nameof(Durability.Full), StringComparison.OrdinalIgnoreCase);
    }

    /// <summary>An optional minus and 1 to 9 decimal digits (no sign, space or group separator the converter might take differently).</summary>
    private static bool TryReadInt32(string value, out int result)
    {
        result = 0;
        var digits = value.StartsWith('-') ? value.AsSpan(1) : value.AsSpan();
        if (digits.Length is 0 or > 9)
        {
            return false;
        }

        foreach (var c in digits)
        {
            if (!char.IsAsciiDigit(c))
            {
                return false;
            }
        }

        return int.TryParse(value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out result);
    }
}
