using System.Diagnostics.CodeAnalysis;

namespace AeUpdater.Plugins;

/// <summary>Finds a plugin in the root; reads the disk, changes nothing.</summary>
internal static class PluginLocator
{
    /// <summary>The plugin's name, its assembly's file name without <c>.dll</c>.</summary>
    /// <param name="kind">The kind.</param>
    /// <returns><c>ae_updater</c> or <c>ae_pre_app_run</c>.</returns>
    public static string NameOf(PluginKind kind) => kind switch
    {
        PluginKind.OneShot => PluginReport.OneShotName,
        PluginKind.EveryStart => PluginReport.EveryStartName,
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "Unknown plugin kind."),
    };

    /// <summary>Where the root form's dll is: <c>root/ae_updater.dll</c>.</summary>
    /// <param name="root">The root folder.</param>
    /// <param name="kind">The kind.</param>
    /// <returns>An absolute path.</returns>
    public static string RootFormPath(string root, PluginKind kind) =>
        Path.Join(Path.GetFullPath(root), NameOf(kind) + ".dll");

    /// <summary>Where the folder form's dll is: <c>root/ae_updater/ae_updater.dll</c>.</summary>
    /// <param name="root">The root folder.</param>
    /// <param name="kind">The kind.</param>
    /// <returns>An absolute path.</returns>
    public static string FolderFormPath(string root, PluginKind kind) =>
        Path.Join(Path.GetFullPath(root), NameOf(kind), NameOf(kind) + ".dll");

    /// <summary>Looks for the plugin of <paramref name="kind"/> in <paramref name="root"/>.</summary>
    /// <param name="root">The root folder.</param>
    /// <param name="kind">The kind.</param>
    /// <param name="plugin">The plugin, when exactly one form of it is there.</param>
    /// <param name="error">
    /// Why what is there cannot be used (both forms present), or <see langword="null"/> when nothing is there.
    /// </param>
    /// <returns>Whether a usable plugin was found.</returns>
    public static bool TryLocate(string root, PluginKind kind, [NotNullWhen(true)] out LocatedPlugin? plugin, out string? error)
    {
        var fullRoot = Path.GetFullPath(root);
        var name = NameOf(kind);
        var rootForm = RootFormPath(fullRoot, kind);
        var folderForm = FolderFormPath(fullRoot, kind);
        var hasRootForm = File.Exists(rootForm);
        var hasFolderForm = File.Exists(folderForm);

        plugin = null;
        error = null;
        if (hasRootForm && hasFolderForm)
        {
            error = $"Both {rootForm} and {folderForm} exist; a plugin must be either a dll in the root or a folder, not both.";
            return false;
        }

        if (!hasRootForm && !hasFolderForm)
        {
            return false;
        }

        plugin = new LocatedPlugin
        {
            Kind = kind,
            Name = name,
            Root = fullRoot,
            AssemblyPath = hasRootForm ? rootForm : folderForm,
            Folder = hasFolderForm ? Path.GetDirectoryName(folderForm) : null,
        };
        return true;
    }
}
