using System.Reflection;
using System.Runtime.Loader;

namespace AeUpdater.Plugins;

/// <summary>
/// A collectible load context for one plugin: its main assembly and private dependencies are read into memory (so no
/// file stays locked) and resolved from the plugin's folder through its <c>.deps.json</c>; AeUpdater's own assemblies
/// (see <see cref="SharedAssemblies"/>) are the host's.
/// </summary>
internal sealed class PluginLoadContext : AssemblyLoadContext
{
    private readonly string _mainAssemblyPath;
    private readonly string _directory;
    private readonly AssemblyDependencyResolver _resolver;

    /// <summary>Creates the context; nothing is loaded yet.</summary>
    /// <param name="mainAssemblyPath">The plugin's dll (absolute).</param>
    public PluginLoadContext(string mainAssemblyPath)
        : base("AeUpdater plugin " + Path.GetFileNameWithoutExtension(mainAssemblyPath), isCollectible: true)
    {
        _mainAssemblyPath = mainAssemblyPath;
        _directory = Path.GetDirectoryName(mainAssemblyPath) ?? throw new ArgumentException("The plugin path has no folder.", nameof(mainAssemblyPath));
        _resolver = new AssemblyDependencyResolver(mainAssemblyPath);
    }

    /// <summary>Loads the plugin's main assembly from memory.</summary>
    /// <returns>The assembly.</returns>
    /// <exception cref="BadImageFormatException">The file is not a .NET assembly.</exception>
    public Assembly LoadMainAssembly() => LoadFromBytes(_mainAssemblyPath);

    /// <inheritdoc />
    protected override Assembly? Load(AssemblyName assemblyName)
    {
        if (assemblyName.Name is null)
        {
            return null;
        }

        if (SharedAssemblies.Names.Contains(assemblyName.Name))
        {
            try
            {
                return SharedAssemblies.HostContext.LoadFromAssemblyName(assemblyName);
            }
            catch (Exception ex) when (ex is FileNotFoundException or FileLoadException)
            {
                // The host has no (or an older) copy: the plugin's own is used.
            }
        }

        var path = _resolver.ResolveAssemblyToPath(assemblyName);
        if (path is not null && File.Exists(path))
        {
            return LoadFromBytes(path);
        }

        var local = Path.Join(_directory, assemblyName.Name + ".dll");
        return string.IsNullOrEmpty(assemblyName.CultureName) && File.Exists(local) ? LoadFromBytes(local) : null;
    }

    /// <inheritdoc />
    /// <remarks>Native libraries are loaded from their file (the OS maps them) and are not unloaded with the context.</remarks>
    protected override IntPtr LoadUnmanagedDll(string unmanagedDllName)
    {
        var path = _resolver.ResolveUnmanagedDllToPath(unmanagedDllName);
        return path is not null && File.Exists(path) ? LoadUnmanagedDllFromPath(path) : IntPtr.Zero;
    }

    private Assembly LoadFromBytes(string path)
    {
        using var image = new MemoryStream(File.ReadAllBytes(path), writable: false);
        var symbolsPath = Path.ChangeExtension(path, ".pdb");
        if (!File.Exists(symbolsPath))
        {
            return LoadFromStream(image);
        }

        using var symbols = new MemoryStream(File.ReadAllBytes(symbolsPath), writable: false);
        try
        {
            return LoadFromStream(image, symbols);
        }
        catch (BadImageFormatException)
        {
            // A stale or foreign .pdb must not keep the plugin from loading: without symbols, then.
            image.Position = 0;
            return LoadFromStream(image);
        }
    }
}
