using AeUpdater.Placeholders;

namespace AeUpdater.SampleApp;

/// <summary>
/// The sample's scratch folder: <c>app/</c> is the "installed app" (a copy of the demo bundle, the root AeUpdater
/// searches), <c>usr/</c> is the user's data folder (<c>{usr}</c>), seeded with the data of "version 1" of the app.
/// Nothing outside the scratch folder is touched: home and documents are scratch folders too.
/// </summary>
internal sealed class SampleScratch
{
    public const string AppName = "SampleApp";
    public const string VariableName = "AEUPDATER_SAMPLE_SCRATCH";

    private SampleScratch(string root, bool created, string appFolder, string? version)
    {
        Root = root;
        Created = created;
        AppFolder = appFolder;
        InstalledVersion = version;
    }

    public string Root { get; }

    /// <summary>Whether the app folder was created from the bundle by this run (first start; of this version, when installed).</summary>
    public bool Created { get; }

    /// <summary>
    /// The root <c>CheckAll</c> searches: <c>app/</c>, or, when the sample runs from a versioned install,
    /// <c>versions/VERSION/</c>: this user's copy of the version's bundle. The copy is what the one-shot plugin and the
    /// moves consume, so that the version folder stays exactly as installed (the launcher starts only versions whose
    /// files are all there with their sizes).
    /// </summary>
    public string AppFolder { get; }

    /// <summary>The running version when the sample runs from a versioned install (through the launcher), else <see langword="null"/>.</summary>
    public string? InstalledVersion { get; }

    public string UserFolder => Path.Join(Root, "usr");

    /// <summary>The app's data folder, <c>{app}</c> = <c>{usr}/SampleApp</c>.</summary>
    public string AppDataFolder => Path.Join(UserFolder, AppName);

    /// <summary>
    /// Uses <paramref name="root"/> (default: <see cref="DefaultRoot"/>); creates it from the demo bundle when missing or on
    /// <paramref name="reset"/>. With <paramref name="installedVersion"/> (a versioned install), the user data is seeded
    /// once and each version gets its own copy of its bundle at its first start (copied aside, then renamed into place,
    /// so that a crash never leaves half a copy that would count as done).
    /// </summary>
    public static SampleScratch Prepare(string? root, bool reset, string? installedVersion = null)
    {
        root = Path.GetFullPath(root ?? DefaultRoot());
        var demo = Path.Join(AppContext.BaseDirectory, "demo");
        if (reset && Directory.Exists(root))
        {
            Directory.Delete(root, recursive: true);
        }

        if (installedVersion is not null)
        {
            if (!Directory.Exists(Path.Join(root, "usr")))
            {
                CopyTree(Path.Join(demo, "user-v1"), Path.Join(root, "usr"));
            }

            var versionFolder = Path.Join(root, "versions", installedVersion);
            var firstStart = !Directory.Exists(versionFolder);
            if (firstStart)
            {
                var temporary = Path.Join(root, "versions", "." + installedVersion + "." + Guid.NewGuid().ToString("N")[..8] + ".tmp");
                CopyTree(Path.Join(demo, "bundle"), temporary);
                try
                {
                    Directory.Move(temporary, versionFolder);
                }
                catch (IOException) when (Directory.Exists(versionFolder))
                {
                    // Another start of the same version renamed its copy first (the check above is only a hint):
                    // that copy is the one CheckAll consumes; this one goes.
                    Directory.Delete(temporary, recursive: true);
                    firstStart = false;
                }
            }

            return new SampleScratch(root, firstStart, versionFolder, installedVersion);
        }

        var created = !Directory.Exists(Path.Join(root, "app"));
        if (created)
        {
            CopyTree(Path.Join(demo, "user-v1"), Path.Join(root, "usr"));
            CopyTree(Path.Join(demo, "bundle"), Path.Join(root, "app"));
        }

        return new SampleScratch(root, created, Path.Join(root, "app"), null);
    }

    /// <summary>
    /// The user's own scratch folder: <c>aeupdater-sample</c> in the user's local application data (<c>~/.local/share</c>
    /// or <c>$XDG_DATA_HOME</c> on Linux and macOS, <c>%LOCALAPPDATA%</c> on Windows). Not a machine-wide temp path:
    /// there, a second user would find the first one's folder (and could not write it), and any user could plant one.
    /// </summary>
    public static string DefaultRoot()
    {
        var local = Environment.GetFolderPath(Environment.SpecialFolder.LocalApplicationData, Environment.SpecialFolderOption.DoNotVerify);
        return string.IsNullOrEmpty(local)
            ? Path.Join(Path.GetTempPath(), "aeupdater-sample-" + Environment.UserName)
            : Path.Join(local, "aeupdater-sample");
    }

    /// <summary>The options of the sample's <c>CheckAll</c> call: the scratch app folder as root, scratch user folders.</summary>
    public UpdaterOptions CreateOptions() => new()
    {
        Root = AppFolder,
        AppName = AppName,
        Placeholders = new(StringComparer.Ordinal)
        {
            [PlaceholderIds.Usr] = UserFolder,
            [PlaceholderIds.Doc] = Path.Join(Root, "documents"),
        },
        Environment = new PlaceholderEnvironment
        {
            HomeDirectory = Path.Join(Root, "home"),
            GetCurrentDirectory = () => AppFolder,
            EntryAssemblyName = AppName,
        },
    };

    private static void CopyTree(string source, string destination)
    {
        Directory.CreateDirectory(destination);
        foreach (var file in Directory.EnumerateFiles(source, "*", SearchOption.AllDirectories))
        {
            var target = Path.Join(destination, Path.GetRelativePath(source, file));
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(file, target, overwrite: true);
        }
    }
}
