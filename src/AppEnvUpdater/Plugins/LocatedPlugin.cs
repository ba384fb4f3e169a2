namespace AeUpdater.Plugins;

/// <summary>A plugin found in the root: its assembly and the files that belong to it.</summary>
internal sealed class LocatedPlugin
{
    /// <summary>The side files of a root-form plugin (<c>ae_updater.pdb</c>, ...), deleted with its dll.</summary>
    internal static readonly IReadOnlyList<string> SidecarExtensions = [".pdb", ".deps.json", ".runtimeconfig.json"];

    /// <summary>One-shot or every start.</summary>
    public required PluginKind Kind { get; init; }

    /// <summary><c>ae_updater</c> or <c>ae_pre_app_run</c>.</summary>
    public required string Name { get; init; }

    /// <summary>The root folder it was found in (absolute).</summary>
    public required string Root { get; init; }

    /// <summary>The plugin's main assembly (absolute).</summary>
    public required string AssemblyPath { get; init; }

    /// <summary>The plugin's own folder (<c>root/ae_updater</c>) for the folder form; <see langword="null"/> for the root form.</summary>
    public string? Folder { get; init; }

    /// <summary>Whether the plugin is a folder (<c>ae_updater/ae_updater.dll</c>) rather than a dll in the root.</summary>
    public bool IsFolderForm => Folder is not null;

    /// <summary>The folder its assembly is in, where its private dependencies are resolved from.</summary>
    public string Directory => Folder ?? Root;

    /// <summary>
    /// The files that make up the plugin, in ordinal order: the dll and its existing side files for the root form,
    /// every file under the folder for the folder form. This is what a journal hashes to recognise the plugin.
    /// </summary>
    /// <returns>Absolute paths.</returns>
    public IReadOnlyList<string> Files()
    {
        var files = Folder is null
            ? [AssemblyPath, .. SidecarExtensions.Select(SidecarPath).Where(File.Exists)]
            : System.IO.Directory.EnumerateFiles(Folder, "*", AllEntries).ToList();
        files.Sort(StringComparer.Ordinal);
        return files;
    }

    /// <summary>
    /// The paths whose owner and permissions decide whether the plugin is trusted: the root and the plugin's files
    /// for the root form; the plugin folder and everything under it for the folder form.
    /// </summary>
    /// <returns>Absolute paths, folders before what is in them.</returns>
    public IReadOnlyList<string> TrustPaths()
    {
        if (Folder is null)
        {
            return [Root, .. Files()];
        }

        var entries = System.IO.Directory.EnumerateFileSystemEntries(Folder, "*", AllEntries).ToList();
        entries.Sort(StringComparer.Ordinal);
        return [Folder, .. entries];
    }

    /// <summary>The paths deleted after a one-shot run that returned <see langword="true"/>: the folder, or the dll and its side files.</summary>
    /// <returns>Absolute paths.</returns>
    public IReadOnlyList<string> DeletionTargets() =>
        Folder is null ? [AssemblyPath, .. SidecarExtensions.Select(SidecarPath)] : [Folder];

    private static EnumerationOptions AllEntries => new()
    {
        RecurseSubdirectories = true,
        AttributesToSkip = 0,
        IgnoreInaccessible = false,
        MatchType = MatchType.Simple,
    };

    private string SidecarPath(string extension) => Path.Join(Root, Name + extension);
}
