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

    /// <summary>Resolves the path ids that come from the machine (all but <c>app</c>, <c>ado</c>, <c>app_name</c>).</summary>
    public static List<KeyValuePair<string, string>> Resolve(PlaceholderEnvironment env)
    {
        var home = env.HomeDirectory;
        var values = new List<KeyValuePair<string, string>>();
        switch (PlatformIds.Canonical(env.Platform))
        {
            case PlatformIds.Windows:
                ResolveWindows(env, home, values);
                break;
            case PlatformIds.MacOS:
            case PlatformIds.IOS:
                values.Add(new(PlaceholderIds.Usr, Path.Join(home, "Library", "Application Support")));
                values.Add(new(PlaceholderIds.Doc, Path.Join(home, "Documents")));
                values.AddRange(StorageFolders.Select(s => new KeyValuePair<string, string>(s.Id, Path.Join(home, s.MacName))));
                break;
            default:
                var configHome = XdgConfigHome(env, home);
                values.Add(new(PlaceholderIds.Usr, configHome));
                var userDirs = XdgUserDirs.Read(env, configHome, home);
                var storage = StorageFolders
                    .Select(s => new KeyValuePair<string, string>(
                        s.Id,
                        NonEmpty(env.GetVariable($"XDG_{s.XdgName}_DIR"))
                            ?? (userDirs.TryGetValue(s.XdgName, out var dir) ? dir : Path.Join(home, s.DefaultName))))
                    .ToList();
                values.Add(new(PlaceholderIds.Doc, storage[0].Value));
                values.AddRange(storage);
                break;
        }

        values.Insert(2, new(PlaceholderIds.Cwd, env.CurrentDirectory()));
        values.Insert(3, new(PlaceholderIds.Home, home));
        return values;
    }

    /// <summary><c>$XDG_CONFIG_HOME</c> when set and non-empty (a relative value is put under home), else <c>~/.config</c>.</summary>
    public static string XdgConfigHome(PlaceholderEnvironment env, string home)
    {
        var value = NonEmpty(env.GetVariable("XDG_CONFIG_HOME"));
        if (value is null)
        {
            return Path.Join(home, ".config");
        }

        return Path.IsPathRooted(value) ? value : Path.Join(home, value);
    }

    private static void ResolveWindows(PlaceholderEnvironment env, string home, List<KeyValuePair<string, string>> values)
    {
        string Folder(Environment.SpecialFolder folder, string fallback) =>
            NonEmpty(env.GetSpecialFolder(folder)) ?? fallback;

        var appData = NonEmpty(env.GetSpecialFolder(Environment.SpecialFolder.ApplicationData))
            ?? NonEmpty(env.GetVariable("APPDATA"))
            ?? Path.Join(home, "AppData", "Roaming");
        var documents = Folder(Environment.SpecialFolder.MyDocuments, Path.Join(home, "Documents"));
        values.Add(new(PlaceholderIds.Usr, appData));
        values.Add(new(PlaceholderIds.Doc, documents));
        values.Add(new(PlaceholderIds.Documents, documents));
        // .NET has no SpecialFolder for Downloads; the known folder's default location is used.
        values.Add(new(PlaceholderIds.Downloads, Path.Join(home, "Downloads")));
        values.Add(new(PlaceholderIds.Pictures, Folder(Environment.SpecialFolder.MyPictures, Path.Join(home, "Pictures"))));
        values.Add(new(PlaceholderIds.Music, Folder(Environment.SpecialFolder.MyMusic, Path.Join(home, "Music"))));
        values.Add(new(PlaceholderIds.Videos, Folder(Environment.SpecialFolder.MyVideos, Path.Join(home, "Videos"))));
        values.Add(new(PlaceholderIds.Desktop, Folder(Environment.SpecialFolder.DesktopDirectory, Path.Join(home, "Desktop"))));
    }

    private static string? NonEmpty(string? value) => string.IsNullOrEmpty(value) ? null : value;
}
