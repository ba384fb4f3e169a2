using System.Collections.Frozen;
using System.Reflection;
using System.Runtime.Loader;
using AeUpdater.Placeholders;

namespace AeUpdater.Plugins;

/// <summary>
/// The assemblies a plugin shares with the host: AeUpdater's own and everything they reference (Logging and
/// Configuration abstractions, the framework), so that <see cref="PluginContext"/> and <c>ILogger</c> are the host's types.
/// </summary>
internal static class SharedAssemblies
{
    private static readonly Lazy<FrozenSet<string>> LazyNames = new(Compute);

    /// <summary>The load context the host's AeUpdater lives in (the default one, unless the host loaded AeUpdater elsewhere).</summary>
    public static AssemblyLoadContext HostContext { get; } =
        AssemblyLoadContext.GetLoadContext(typeof(PluginContext).Assembly) ?? AssemblyLoadContext.Default;

    /// <summary>The simple names of the shared assemblies.</summary>
    public static FrozenSet<string> Names => LazyNames.Value;

    private static FrozenSet<string> Compute()
    {
        var names = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        var pending = new Queue<Assembly>([typeof(PluginContext).Assembly, typeof(PlaceholderMap).Assembly]);
        while (pending.TryDequeue(out var assembly))
        {
            if (assembly.GetName().Name is not { } name || !names.Add(name) || IsFramework(name))
            {
                continue;
            }

            foreach (var reference in assembly.GetReferencedAssemblies())
            {
                if (reference.Name is null || names.Contains(reference.Name))
                {
                    continue;
                }

                if (IsFramework(reference.Name))
                {
                    names.Add(reference.Name);
                    continue;
                }

                try
                {
                    pending.Enqueue(HostContext.LoadFromAssemblyName(reference));
                }
                catch (Exception ex) when (ex is FileNotFoundException or FileLoadException or BadImageFormatException)
                {
                    // The host cannot load it, so it cannot share it: the plugin resolves its own copy.
                }
            }
        }

        return names.ToFrozenSet(StringComparer.OrdinalIgnoreCase);
    }

    // Framework assemblies come from the host anyway; not walking into them keeps the walk short.
    private static bool IsFramework(string name) =>
        name is "mscorlib" or "netstandard"
        || name.StartsWith("System.", StringComparison.Ordinal)
        || name.StartsWith("Microsoft.Win32.", StringComparison.Ordinal)
        || name.StartsWith("Microsoft.VisualBasic", StringComparison.Ordinal)
        || name == "System";
}
