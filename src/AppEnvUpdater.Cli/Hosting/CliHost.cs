using System.Collections;
using AeUpdater.Placeholders;

namespace AeUpdater.Cli.Hosting;

/// <summary>
/// Everything the CLI reads from or writes to the process: output streams, environment variables, current and
/// tool directory. Tests build one over temporary folders, so an in-process run never touches the real home.
/// </summary>
internal sealed class CliHost
{
    /// <summary>The application name the CLI uses for <c>{app}</c> when none is given.</summary>
    public const string DefaultAppName = "ae-updater";

    public required TextWriter Stdout { get; init; }

    public required TextWriter Stderr { get; init; }

    /// <summary>The environment variables (names are compared ignoring case, as Windows does).</summary>
    public required IReadOnlyDictionary<string, string?> Environment { get; init; }

    public required string CurrentDirectory { get; init; }

    /// <summary>The folder the tool is installed in (an <c>appsettings.json</c> there is read first).</summary>
    public required string ToolDirectory { get; init; }

    /// <summary>Whether stdout is a terminal (progress and colours are shown).</summary>
    public bool IsInteractive { get; init; }

    /// <summary>Whether <see cref="Stderr"/> is the process's real standard error (the Serilog console sink is used).</summary>
    public bool IsSystemConsole { get; init; }

    /// <summary>Whether <see cref="Environment"/> is the process's own (Windows known folders are then read from the system).</summary>
    public bool IsProcessEnvironment { get; init; }

    /// <summary>The host of this process.</summary>
    public static CliHost FromSystem() => new()
    {
        Stdout = Console.Out,
        Stderr = Console.Error,
        Environment = ReadEnvironment(),
        CurrentDirectory = Directory.GetCurrentDirectory(),
        ToolDirectory = AppContext.BaseDirectory,
        IsInteractive = !Console.IsOutputRedirected,
        IsSystemConsole = true,
        IsProcessEnvironment = true,
    };

    /// <summary>A host over the given writers and variables, for tests and embedding.</summary>
    public static CliHost Create(TextWriter stdout, TextWriter stderr, IDictionary<string, string?>? environment, string? currentDirectory = null) => new()
    {
        Stdout = stdout,
        Stderr = stderr,
        Environment = environment is null
            ? ReadEnvironment()
            : new Dictionary<string, string?>(environment, StringComparer.OrdinalIgnoreCase),
        CurrentDirectory = currentDirectory ?? Directory.GetCurrentDirectory(),
        ToolDirectory = AppContext.BaseDirectory,
        IsProcessEnvironment = environment is null,
    };

    /// <summary>Reads a variable; <see langword="null"/> when it is not set.</summary>
    public string? GetVariable(string name) => Environment.TryGetValue(name, out var value) ? value : null;

    /// <summary>
    /// The placeholder environment: the real one for the process's own variables, or one built from
    /// <see cref="Environment"/> (home from <c>HOME</c>/<c>USERPROFILE</c>) when the host was given variables.
    /// </summary>
    public PlaceholderEnvironment CreatePlaceholderEnvironment(string? platform)
    {
        var system = PlaceholderEnvironment.System;
        var home = GetVariable(OperatingSystem.IsWindows() ? "USERPROFILE" : "HOME");
        var environment = new PlaceholderEnvironment
        {
            HomeDirectory = string.IsNullOrEmpty(home) ? system.HomeDirectory : home,
            GetVariable = GetVariable,
            GetSpecialFolder = IsProcessEnvironment ? system.GetSpecialFolder : SpecialFolderFromVariables,
            GetCurrentDirectory = () => CurrentDirectory,
            Platform = system.Platform,
            EntryAssemblyName = DefaultAppName,
        };
        return platform is null ? environment : environment.WithPlatform(platform);
    }

    private string? SpecialFolderFromVariables(System.Environment.SpecialFolder folder) => folder switch
    {
        System.Environment.SpecialFolder.ApplicationData => GetVariable("APPDATA"),
        System.Environment.SpecialFolder.LocalApplicationData => GetVariable("LOCALAPPDATA"),
        System.Environment.SpecialFolder.UserProfile => GetVariable("USERPROFILE"),
        _ => null,
    };

    private static Dictionary<string, string?> ReadEnvironment()
    {
        var variables = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase);
        foreach (DictionaryEntry entry in System.Environment.GetEnvironmentVariables())
        {
            variables[(string)entry.Key] = entry.Value as string;
        }

        return variables;
    }
}
