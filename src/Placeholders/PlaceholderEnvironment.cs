namespace AeUpdater.Placeholders;

/// <summary>
/// The one seam through which placeholder resolution reads the machine: home folder, environment variables,
/// special folders, current directory, platform and app name. Tests build one over a temporary home.
/// </summary>
public sealed class PlaceholderEnvironment
{
    /// <summary>The environment of this process (real home, real variables, detected platform).</summary>
    public static PlaceholderEnvironment System { get; } = new()
    {
        HomeDirectory = Environment.GetFolderPath(Environment.SpecialFolder.UserProfile, Environment.SpecialFolderOption.DoNotVerify),
        GetVariable = Environment.GetEnvironmentVariable,
        GetSpecialFolder = folder => Environment.GetFolderPath(folder, Environment.SpecialFolderOption.DoNotVerify),
        GetCurrentDirectory = FastUnix.GetCurrentDirectory,
        Platform = PlatformIds.Detect(),
        EntryAssemblyNameOfProcess = true,
        FileExists = File.Exists,
        ReadAllLines = File.ReadAllLines,
    };

    /// <summary>
    /// The simple name of an assembly from its display name (<c>Name, Version=..., Culture=..., PublicKeyToken=...</c>),
    /// with the display name's escapes (<c>\,</c>, <c>\=</c>, <c>\\</c>, ...) undone; <see langword="null"/> for none.
    /// </summary>
    /// <remarks>
    /// Not <c>Assembly.GetName().Name</c>: building an <see cref="global::System.Reflection.AssemblyName"/> creates its
    /// <see cref="global::System.Globalization.CultureInfo"/>, which loads and initialises ICU (about 10 ms) in a process
    /// that may never need it; <see cref="global::System.Reflection.Assembly.FullName"/> does not.
    /// </remarks>
    internal static string? SimpleNameOf(string? displayName)
    {
        if (string.IsNullOrEmpty(displayName))
        {
            return null;
        }

        // The format of AssemblyName.FullName: the name is quoted ("...") when it has leading or trailing white space or a
        // quote; a backslash, ',', '=' and quotes are escaped with a backslash, and tab, CR and LF are written as \t, \r, \n.
        var quoted = displayName[0] == '"';
        var name = new global::System.Text.StringBuilder(displayName.Length);
        for (var i = quoted ? 1 : 0; i < displayName.Length; i++)
        {
            var c = displayName[i];
            if (quoted ? c == '"' : c == ',')
            {
                break;
            }

            if (c == '\\' && i + 1 < displayName.Length)
            {
                c = displayName[++i] switch
                {
                    't' => '\t',
                    'r' => '\r',
                    'n' => '\n',
                    var escaped => escaped,
                };
            }

            name.Append(c);
        }

        return name.Length == 0 ? null : name.ToString();
    }

    /// <summary>The user's home folder (absolute).</summary>
    public required string HomeDirectory { get; init; }

    /// <summary>Reads an environment variable; <see langword="null"/> when it is not set.</summary>
    /// <value>Default: none is set.</value>
    public Func<string, string?> GetVariable { get; init; } = _ => null;

    /// <summary>Reads a Windows special folder; <see langword="null"/> or empty when there is none.</summary>
    /// <value>Default: none.</value>
    public Func<Environment.SpecialFolder, string?> GetSpecialFolder { get; init; } = _ => null;

    /// <summary>The current directory, read when a map is built.</summary>
    /// <value>Default: the home folder.</value>
    public Func<string>? GetCurrentDirectory { get; init; }

    /// <summary>The platform id whose rules apply (see <see cref="PlatformIds"/>).</summary>
    /// <value>Default: the detected platform.</value>
    public string Platform { get; init; } = PlatformIds.Detect();

    /// <summary>The entry assembly's name, the default app name.</summary>
    /// <value>Default: none.</value>
    public string? EntryAssemblyName
    {
        get => EntryAssemblyNameOfProcess ? ProcessEntryAssembly.Name : _entryAssemblyName;
        init
        {
            _entryAssemblyName = value;
            EntryAssemblyNameOfProcess = false;
        }
    }

    /// <summary>
    /// Whether <see cref="EntryAssemblyName"/> is this process's entry assembly's name, read on first use: a call that
    /// names the app never needs it (building the display name costs about a million instructions at the start).
    /// </summary>
    private bool EntryAssemblyNameOfProcess { get; init; }

    private readonly string? _entryAssemblyName;

    /// <summary>Tells whether a file exists (used for <c>user-dirs.dirs</c>).</summary>
    /// <value>Default: <see cref="File.Exists"/>.</value>
    public Func<string, bool> FileExists { get; init; } = File.Exists;

    /// <summary>Reads a text file's lines (used for <c>user-dirs.dirs</c>).</summary>
    /// <value>Default: <see cref="File.ReadAllLines(string)"/>.</value>
    public Func<string, string[]> ReadAllLines { get; init; } = File.ReadAllLines;

    /// <summary>Returns a copy with another platform's rules.</summary>
    /// <param name="platform">The platform id.</param>
    /// <returns>The copy.</returns>
    public PlaceholderEnvironment WithPlatform(string platform) => new()
    {
        HomeDirectory = HomeDirectory,
        GetVariable = GetVariable,
        GetSpecialFolder = GetSpecialFolder,
        GetCurrentDirectory = GetCurrentDirectory,
        Platform = platform,
        EntryAssemblyName = _entryAssemblyName,
        EntryAssemblyNameOfProcess = EntryAssemblyNameOfProcess,
        FileExists = FileExists,
        ReadAllLines = ReadAllLines,
    };

    /// <summary>The name of this process's entry assembly, read once, when first asked for.</summary>
    private static class ProcessEntryAssembly
    {
        public static readonly string? Name = SimpleNameOf(global::System.Reflection.Assembly.GetEntryAssembly()?.FullName);
    }

    internal string CurrentDirectory() => GetCurrentDirectory?.Invoke() ?? HomeDirectory;
}
