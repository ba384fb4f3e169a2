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
    /// The paths deleted after a one-shot run that returned <see langword="true"/>, in order: the main assembly first,
    /// then the dll's side files, or the folder.
    /// </summary>
    /// <returns>Absolute paths.</returns>
    public IReadOnlyList<string> DeletionTargets() =>
        Folder is null ? [AssemblyPath, .. SidecarExtensions.Select(SidecarPath)] : [AssemblyPath, Folder];

    private string SidecarPath(string extension) => Path.Join(Root, Name + extension);
}
