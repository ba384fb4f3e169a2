using AeUpdater.Placeholders;
using AeUpdater.Plugins;
using AeUpdater.Tests.TestSupport;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace AeUpdater.Tests.Plugins;

/// <summary>The test plugins built from tests/TestPlugins and copied to the output's TestPlugins/ by the project file.</summary>
internal static class TestPlugins
{
    public const string ReturnsTrue = nameof(ReturnsTrue);
    public const string ReturnsFalse = nameof(ReturnsFalse);
    public const string Throws = nameof(Throws);
    public const string TwoEntryPoints = nameof(TwoEntryPoints);
    public const string WrongSignature = nameof(WrongSignature);
    public const string EveryStart = nameof(EveryStart);
    public const string UsesContext = nameof(UsesContext);
    public const string DeletesItself = nameof(DeletesItself);
    public const string UsesNewtonsoft = nameof(UsesNewtonsoft);
    public const string CountsRuns = nameof(CountsRuns);
    public const string KillsProcess = nameof(KillsProcess);
    public const string WritesMarker = nameof(WritesMarker);
    public const string ScribblesAndKills = nameof(ScribblesAndKills);
    public const string CallsExit = nameof(CallsExit);

    /// <summary>The built plugin's folder in the test output.</summary>
    public static string OutputOf(string project)
    {
        var folder = Path.Join(AppContext.BaseDirectory, "TestPlugins", project);
        Assert.True(Directory.Exists(folder), $"Test plugin {project} was not built into {folder}.");
        return folder;
    }

    /// <summary>Copies the plugin into the tree's root (root form: <c>ae_updater.dll</c> next to the drop-ins).</summary>
    public static TempTree WithPluginInRoot(this TempTree tree, string project) => tree.CopyFrom(OutputOf(project));

    /// <summary>Copies the plugin into its own folder in the root (folder form: <c>ae_updater/ae_updater.dll</c>).</summary>
    public static TempTree WithPluginFolder(this TempTree tree, string project, string folderName = PluginReport.OneShotName) =>
        tree.CopyFrom(OutputOf(project), folderName);

    /// <summary>A request whose root is the tree and whose placeholders live inside it (see <see cref="Placeholders"/>).</summary>
    public static PluginRunRequest Request(
        TempTree tree,
        bool trustAnyPlugin = false,
        bool dryRun = false,
        ILogger? logger = null,
        CancellationToken cancellationToken = default) =>
        new(tree.Root, Placeholders(tree), trustAnyPlugin, dryRun, logger ?? NullLogger.Instance, cancellationToken);

    /// <summary>A placeholder map whose home is <c>.home/</c> inside the tree (hidden, so it is never a drop-in), never the real one.</summary>
    public static PlaceholderMap Placeholders(TempTree tree) =>
        PlaceholderMap.Create(
            new PlaceholderEnvironment
            {
                HomeDirectory = tree.PathOf(".home"),
                GetCurrentDirectory = () => tree.Root,
                Platform = PlatformIds.Detect(),
            },
            appName: "testapp");
}
