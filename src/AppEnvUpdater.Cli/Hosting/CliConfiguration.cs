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
    public static IEnumerable<KeyValuePair<string, string?>> FromEnvironment(IReadOnlyDictionary<string, string?> environment) =>
        environment
            .Where(e => EnvironmentPrefixes.Any(p => e.Key.StartsWith(p, StringComparison.OrdinalIgnoreCase)))
            .OrderBy(e => e.Key, StringComparer.Ordinal)
            .Select(e => new KeyValuePair<string, string?>(e.Key.Replace("__", ConfigurationPath.KeyDelimiter, StringComparison.Ordinal), e.Value));

    private static void AddJsonFile(ConfigurationBuilder builder, string path) =>
        builder.AddJsonFile(path, optional: true, reloadOnChange: false);
}
