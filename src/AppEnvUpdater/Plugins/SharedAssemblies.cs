using System.Reflection;
using System.Runtime.Loader;
using AeUpdater.Placeholders;

namespace AeUpdater.Plugins;

/// <summary>
/// The assemblies a plugin shares with the host: AeUpdater's own and everything they reference (Logging and
/// Configuration abstractions, the framework), so that <see cref="PluginContext"/> and <c>ILogger</c> are the host's types.
/// </summary>
/// <remarks>
/// The set is the closure of AeUpdater's references, walked on demand: a name is looked up in what the walk has found so
/// far, and the walk goes on only while the name is not found, reading the references of assemblies already loaded first
/// and loading a referenced assembly only when it is the one asked for or nothing else is left. A plugin that asks for
/// AeUpdater, the framework or a direct reference of AeUpdater therefore loads nothing for the lookup (before, the whole
/// closure was loaded up front: the configuration binder, dependency injection, file globbing, which a plugin that does
/// not use them never needs). The answer for every name is the same as the whole walk's.
/// </remarks>
internal static class SharedAssemblies
{
    private static readonly Lock Gate = new();

    /// <summary>The shared names found so far.</summary>
    private static readonly HashSet<string> Found = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>Loaded shared assemblies whose references are not yet read.</summary>
    private static readonly Queue<Assembly> Unread = new([typeof(PluginContext).Assembly, typeof(PlaceholderMap).Assembly]);

    /// <summary>Non-framework references not yet loaded (each is shared if the host can load it).</summary>
    private static readonly List<AssemblyName> Unloaded = [];

    /// <summary>The load context the host's AeUpdater lives in (the default one, unless the host loaded AeUpdater elsewhere).</summary>
    public static AssemblyLoadContext HostContext { get; } =
        AssemblyLoadContext.GetLoadContext(typeof(PluginContext).Assembly) ?? AssemblyLoadContext.Default;

    /// <summary>Whether the assembly of this simple name is shared with the host.</summary>
    public static bool Contains(string name)
    {
        lock (Gate)
        {
            while (!Found.Contains(name))
            {
                if (Unread.TryDequeue(out var assembly))
                {
                    Read(assembly);
                }
                else if (Unloaded.Count > 0)
                {
                    // The one asked for if it is pending (it is loaded for the plugin anyway), else the first.
                    var at = Math.Max(0, Unloaded.FindIndex(n => string.Equals(n.Name, name, StringComparison.OrdinalIgnoreCase)));
                    var reference = Unloaded[at];
                    Unloaded.RemoveAt(at);
                    TryLoad(reference);
                }
                else
                {
                    return false;
                }
            }

            return true;
        }
    }

    private static void Read(Assembly assembly)
    {
        if (assembly.GetName().Name is not { } name || !Found.Add(name) || IsFramework(name))
        {
            return;
        }

        foreach (var reference in assembly.GetReferencedAssemblies())
        {
            if (reference.Name is null || Found.Contains(reference.Name))
            {
                continue;
            }

            if (IsFramework(reference.Name))
            {
                Found.Add(reference.Name);
                continue;
            }

            Unloaded.Add(reference);
        }
    }

    private static void TryLoad(AssemblyName reference)
    {
        if (reference.Name is null || Found.Contains(reference.Name))
        {
            return;
        }

        try
        {
            Read(HostContext.LoadFromAssemblyName(reference));
        }
        catch (Exception ex) when (ex is FileNotFoundException or FileLoadException or BadImageFormatException)
        {
            // The host cannot load it, so it cannot share it: the plugin resolves its own copy.
        }
    }

    // Framework assemblies come from the host anyway; not walking into them keeps the walk short.
    private static bool IsFramework(string name) =>
        name is "mscorlib" or "netstandard"
        || name.StartsWith("System.", StringComparison.Ordinal)
        || name.StartsWith("Microsoft.Win32.", StringComparison.Ordinal)
        || name.StartsWith("Microsoft.VisualBasic", StringComparison.Ordinal)
        || name == "System";
}
