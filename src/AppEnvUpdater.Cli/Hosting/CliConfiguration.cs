using Microsoft.Extensions.Configuration;

namespace AeUpdater.Cli.Hosting;

/// <summary>
/// Builds the CLI's configuration, later sources winning: <c>appsettings.json</c> next to the tool, then in the
/// current directory, then <c>AEUPDATER__*</c> and <c>SERILOG__*</c> environment variables. Command-line options
/// are applied on top by each command.
/// </summary>
internal static class CliConfiguration
{
    public const string FileName = "appsettings.json";

    private static readonly string[] EnvironmentPrefixes = ["AEUPDATER__", "SERILOG__"];

    public static IConfiguration Build(CliHost host)
    {
        var builder = new ConfigurationBuilder();
        AddJsonFile(builder, Path.Combine(host.ToolDirectory, FileName));
        var local = Path.Combine(host.CurrentDirectory, FileName);
        if (!string.Equals(Path.GetFullPath(local), Path.GetFullPath(Path.Combine(host.ToolDirectory, FileName)), StringComparison.Ordinal))
        {
            AddJsonFile(builder, local);
        }

        builder.AddInMemoryCollection(FromEnvironment(host.Environment));
        return builder.Build();
    }

    /// <summary>Maps <c>AEUPDATER__PLACEHOLDERS__usr</c> to <c>AEUPDATER:PLACEHOLDERS:usr</c> (keys ignore case; ids keep theirs).</summary>
    /// <remarks>A loop rather than LINQ: LINQ over <see cref="KeyValuePair{TKey, TValue}"/> is compiled at every start, even in the ReadyToRun tool (docs/performance.md).</remarks>
    public static IEnumerable<KeyValuePair<string, string?>> FromEnvironment(IReadOnlyDictionary<string, string?> environment)
    {
        var keys = new List<string>();
        foreach (var (key, _) in environment)
        {
            foreach (var prefix in EnvironmentPrefixes)
            {
                if (key.StartsWith(prefix, StringComparison.OrdinalIgnoreCase))
                {
                    keys.Add(key);
                    break;
                }
            }
        }

        keys.Sort(StringComparer.Ordinal);
        var entries = new KeyValuePair<string, string?>[keys.Count];
        for (var i = 0; i < keys.Count; i++)
        {
            entries[i] = new(keys[i].Replace("__", ConfigurationPath.KeyDelimiter, StringComparison.Ordinal), environment[keys[i]]);
        }

        return entries;
    }

    /// <summary>
    /// The file's keys, read by <see cref="JsonSettingsFile"/> when it can (the usual case: start-up cost), else by the
    /// JSON configuration provider; the same keys and values either way, at the same place among the sources.
    /// </summary>
    private static void AddJsonFile(ConfigurationBuilder builder, string path)
    {
        if (!JsonSettingsFile.TryRead(path, out var values))
        {
            AddJsonFileByProvider(builder, path);
        }
        else if (values is not null)
        {
            builder.AddInMemoryCollection(values);
        }
    }

    /// <summary>The JSON configuration provider (its own method: the usual start never loads its assemblies).</summary>
    private static void AddJsonFileByProvider(ConfigurationBuilder builder, string path) =>
        builder.AddJsonFile(path, optional: true, reloadOnChange: false);
}
