using System.Reflection;
using System.Runtime.Loader;
using AeUpdater.Placeholders;
using AeUpdater.Plugins;
using AeUpdater.Tests.TestSupport;

namespace AeUpdater.Tests.Plugins;

/// <summary>
/// How a plugin's load context binds an assembly it shares with the host (AeUpdater's own, what they reference, the
/// framework). Its <c>Load</c> leaves such a name to the runtime's fallback to the default context, which is where the
/// host's AeUpdater lives here (so the runtime does not open an ICU collator to check the name of an assembly
/// <c>Load</c> returned): the result must be what <c>AssemblyLoadContext.Default.LoadFromAssemblyName</c> gives, the host's
/// <c>Resolving</c> handlers included, and the plugin's own copy when the host has no matching one. Real plugin folders
/// (the UsesContext test plugin's build output, which carries its own copies of AeUpdater's assemblies), real contexts;
/// PluginRunnerTests runs that plugin, whose entry point takes the host's PluginContext.
/// </summary>
public sealed class SharedAssemblyBindingTests
{
    private static readonly Assembly HostPlaceholders = typeof(PlaceholderMap).Assembly;

    // AeUpdater references it, the host has it, the plugin folder carries its own copy.
    private static readonly Assembly HostLogging = typeof(Microsoft.Extensions.Logging.ILogger).Assembly;

    [Fact]
    public void ASharedName_IsTheHostsAssembly_NotThePluginsCopy()
    {
        using var tree = TempTree.Create().WithPluginFolder(TestPlugins.UsesContext);
        var (image, context) = Open(tree);
        using (image)
        {
            try
            {
                var placeholders = context.LoadFromAssemblyName(new AssemblyName(HostPlaceholders.GetName().Name!));
                var logging = context.LoadFromAssemblyName(new AssemblyName("Microsoft.Extensions.Logging.Abstractions"));

                Assert.Same(HostPlaceholders, placeholders);
                Assert.Same(typeof(Microsoft.Extensions.Logging.ILogger).Assembly, logging);
                Assert.Same(AssemblyLoadContext.Default, AssemblyLoadContext.GetLoadContext(logging));
                Assert.Empty(context.Assemblies);
            }
            finally
            {
                context.Unload();
            }
        }
    }

    [Fact]
    public void InAHostWithoutOtherHandlers_TheDefaultContextDecides_ThenThePluginsOwnCopy()
    {
        // A child process: the test runner's own resolving handler (which answers any name in the test folder) must not
        // answer for the default context here.
        using var tree = TempTree.Create().WithPluginFolder(TestPlugins.UsesContext);
        var lines = CrashHost.RunToLines(["--bind-shared", tree.Root]);

        // The host's copy for the plain name; the plugin's own copy (through its image) for a newer version than the
        // host has, which the default context refuses; and for a name the host's own Resolving handler answers, that
        // handler's answer, asked once.
        Assert.Equal(["plain host", "newer plugin", "redirected host asked=1"], lines);
    }

    private static (PluginImage Image, PluginLoadContext Context) Open(TempTree tree)
    {
        Assert.True(PluginLocator.TryLocate(tree.Root, PluginKind.OneShot, out var plugin, out var error), error);
        Assert.True(PluginImage.TryOpen(plugin, trustAnyPlugin: true, verification: null, out var image, out var problem), problem);
        Assert.True(File.Exists(Path.Join(plugin.Directory, HostLogging.GetName().Name + ".dll")), "the plugin folder carries its own copy");
        return (image, new PluginLoadContext(image));
    }
}
