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

    private SampleScratch(string root, bool created)
    {
        Root = root;
        Created = created;
    }

    public string Root { get; }

    /// <summary>Whether the scratch folder was created from the bundle by this run (first start).</summary>
    public bool Created { get; }

    public string AppFolder => Path.Join(Root, "app");

    public string UserFolder => Path.Join(Root, "usr");

    /// <summary>The app's data folder, <c>{app}</c> = <c>{usr}/SampleApp</c>.</summary>
    public string AppDataFolder => Path.Join(UserFolder, AppName);

    /// <summary>Uses <paramref name="root"/> (default: <see cref="DefaultRoot"/>); creates it from the demo bundle when missing or on <paramref name="reset"/>.</summary>
    public static SampleScratch Prepare(string? root, bool reset)
    {
        root = Path.GetFullPath(root ?? DefaultRoot());
        var demo = Path.Join(AppContext.BaseDirectory, "demo");
        if (reset && Directory.Exists(root))
        {
            Directory.Delete(root, recursive: true);
        }

        var created = !Directory.Exists(Path.Join(root, "app"));
        if (created)
        {
            CopyTree(Path.Join(demo, "user-v1"), Path.Join(root, "usr"));
            CopyTree(Path.Join(demo, "bundle"), Path.Join(root, "app"));
        }

        return new SampleScratch(root, created);
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
        foreach (var file in Directory.EnumerateFiles(source, "*", SearchOption.AllDirectories))
        {
            var target = Path.Join(destination, Path.GetRelativePath(source, file));
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(file, target, overwrite: true);
        }
    }
}
