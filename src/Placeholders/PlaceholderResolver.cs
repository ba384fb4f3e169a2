namespace AeUpdater.Placeholders;

/// <summary>The per-platform rules that give the built-in placeholders their values (SPEC §2).</summary>
internal static class PlaceholderResolver
{
    private static readonly (string Id, string XdgName, string DefaultName, string MacName)[] StorageFolders =
    [
        (PlaceholderIds.Documents, "DOCUMENTS", "Documents", "Documents"),
        (PlaceholderIds.Downloads, "DOWNLOAD", "Downloads", "Downloads"),
        (PlaceholderIds.Pictures, "PICTURES", "Pictures", "Pictures"),
        (PlaceholderIds.Music, "MUSIC", "Music", "Music"),
        (PlaceholderIds.Videos, "VIDEOS", "Videos", "Movies"),
        (PlaceholderIds.Desktop, "DESKTOP", "Desktop", "Desktop"),
    ];

    /// <summary>
    /// Resolves the ids that come from the machine: all built-in ids but <c>app</c>, <c>ado</c> and <c>app_name</c>.
    /// Absolute values of this host are made canonical (no <c>..</c>, no trailing separator).
    /// </summary>
    public static Dictionary<string, string> Resolve(PlaceholderEnvironment env)
    {
        var home = env.HomeDirectory;
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        switch (PlatformIds.Canonical(env.Platform))
        {
            case PlatformIds.Windows:
                ResolveWindows(env, home, values);
                break;
            case PlatformIds.MacOS:
            case PlatformIds.IOS:
                values[PlaceholderIds.Usr] = Usr(env, home);
                values[PlaceholderIds.Doc] = PathText.Join(home, "Documents");
                foreach (var folder in StorageFolders)
                {
                    values[folder.Id] = PathText.Join(home, folder.MacName);
                }

                break;
            default:
                ResolveXdg(env, home, values);
                break;
        }

        values[PlaceholderIds.Cwd] = env.CurrentDirectory();
        values[PlaceholderIds.Home] = home;
        foreach (var id in values.Keys.ToList())
        {
            values[id] = PathText.Clean(values[id]);
        }

        return values;
    }

    /// <summary>
    /// The three ids every call needs (<c>usr</c>, <c>cwd</c>, <c>home</c>), as <see cref="Resolve"/> gives them, without
    /// reading the storage folders (<c>user-dirs.dirs</c>, special folders): the map of a start with nothing to do.
    /// </summary>
    public static (string Usr, string Cwd, string Home) ResolveCore(PlaceholderEnvironment env) =>
        (PathText.Clean(Usr(env, env.HomeDirectory)), PathText.Clean(env.CurrentDirectory()), PathText.Clean(env.HomeDirectory));

    /// <summary>The user data folder of the environment's platform, before <see cref="PathText.Clean"/>.</summary>
    private static string Usr(PlaceholderEnvironment env, string home) => PlatformIds.Canonical(env.Platform) switch
    {
        PlatformIds.Windows => NonEmpty(env.GetSpecialFolder(Environment.SpecialFolder.ApplicationData))
            ?? NonEmpty(env.GetVariable("APPDATA"))
            ?? PathText.Join(home, "AppData", "Roaming"),
        PlatformIds.MacOS or PlatformIds.IOS => PathText.Join(home, "Library", "Application Support"),
        _ => XdgConfigHome(env, home),
    };

    /// <summary><c>$XDG_CONFIG_HOME</c> when set and non-empty (a relative value is put under home), else <c>~/.config</c>.</summary>
    public static string XdgConfigHome(PlaceholderEnvironment env, string home)
    {
        var value = NonEmpty(env.GetVariable("XDG_CONFIG_HOME"));
        if (value is null)
        {
            return PathText.Join(home, ".config");
        }

        return PathText.Clean(Path.IsPathRooted(value) ? value : PathText.Join(home, value));
    }

    private static void ResolveXdg(PlaceholderEnvironment env, string home, Dictionary<string, string> values)
    {
        var configHome = XdgConfigHome(env, home);
        values[PlaceholderIds.Usr] = Usr(env, home);
        var userDirs = XdgUserDirs.Read(env, configHome, home);
        foreach (var folder in StorageFolders)
        {
            // An XDG_<NAME>_DIR variable (as the session may export it) wins over the file; relative values are ignored.
            var variable = env.GetVariable($"XDG_{folder.XdgName}_DIR");
            values[folder.Id] = variable is not null && XdgUserDirs.TryParseValue(variable, home, out var fromVariable)
                ? fromVariable
                : userDirs.TryGetValue(folder.XdgName, out var fromFile) ? fromFile : PathText.Join(home, folder.DefaultName);
        }

        values[PlaceholderIds.Doc] = values[PlaceholderIds.Documents];
    }

    private static void ResolveWindows(PlaceholderEnvironment env, string home, Dictionary<string, string> values)
    {
        string Folder(Environment.SpecialFolder folder, string fallback) =>
            NonEmpty(env.GetSpecialFolder(folder)) ?? PathText.Join(home, fallback);

        var documents = Folder(Environment.SpecialFolder.MyDocuments, "Documents");
        values[PlaceholderIds.Usr] = Usr(env, home);
        values[PlaceholderIds.Doc] = documents;
        values[PlaceholderIds.Documents] = documents;

        // .NET has no SpecialFolder for Downloads; the known folder's default location is used.
        values[PlaceholderIds.Downloads] = PathText.Join(home, "Downloads");
        values[PlaceholderIds.Pictures] = Folder(Environment.SpecialFolder.MyPictures, "Pictures");
        values[PlaceholderIds.Music] = Folder(Environment.SpecialFolder.MyMusic, "Music");
        values[PlaceholderIds.Videos] = Folder(Environment.SpecialFolder.MyVideos, "Videos");
        values[PlaceholderIds.Desktop] = Folder(Environment.SpecialFolder.DesktopDirectory, "Desktop");
    }

    private static string? NonEmpty(string? value) => string.IsNullOrEmpty(value) ? null : value;
}
