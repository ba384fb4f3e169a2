using System.Reflection;
using System.Runtime.Loader;

namespace AeUpdater.Plugins;

/// <summary>
/// A collectible load context for one plugin: its main assembly is loaded from the checked bytes of its
/// <see cref="PluginImage"/>, and its private dependencies are resolved through its <c>.deps.json</c> or its folder and
/// read through the image (checked, from memory, so no file stays locked); AeUpdater's own assemblies (see
/// <see cref="SharedAssemblies"/>) are the host's.
/// </summary>
internal sealed class PluginLoadContext : AssemblyLoadContext
{
    private readonly PluginImage _image;
    private readonly AssemblyDependencyResolver _resolver;

    /// <summary>Creates the context; nothing is loaded yet.</summary>
    /// <param name="image">The plugin's checked bytes.</param>
    public PluginLoadContext(PluginImage image)
        : base("AeUpdater plugin " + image.Plugin.Name, isCollectible: true)
    {
        _image = image;
        _resolver = new AssemblyDependencyResolver(image.Plugin.AssemblyPath);
    }

    /// <summary>Loads the plugin's main assembly from the image's bytes.</summary>
    /// <returns>The assembly.</returns>
    /// <exception cref="BadImageFormatException">The file is not a .NET assembly.</exception>
    public Assembly LoadMainAssembly() => LoadFromBytes(_image.MainAssembly, _image.MainSymbols);

    /// <inheritdoc />
    protected override Assembly? Load(AssemblyName assemblyName)
    {
        if (assemblyName.Name is null)
        {
            return null;
        }

        if (SharedAssemblies.Contains(assemblyName.Name))
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

        var candidates = new List<string>(2);
        if (_resolver.ResolveAssemblyToPath(assemblyName) is { } resolved)
        {
            candidates.Add(resolved);
        }

        if (string.IsNullOrEmpty(assemblyName.CultureName))
        {
            candidates.Add(Path.Join(_image.Plugin.Directory, assemblyName.Name + ".dll"));
        }

        foreach (var path in candidates)
        {
            switch (_image.TryReadDependency(path, out var bytes, out var symbols, out var problem))
            {
                case PluginImage.ReadResult.Read:
                    return LoadFromBytes(bytes!, symbols);
                case PluginImage.ReadResult.Refused:
                    throw new FileLoadException($"{problem}.", assemblyName.FullName);
            }
        }

        return null;
    }

    /// <inheritdoc />
    /// <remarks>
    /// Native libraries are checked like assemblies, then loaded from their file (the OS maps them; their folder is
    /// one only this user or root can write) and are not unloaded with the context.
    /// </remarks>
    protected override IntPtr LoadUnmanagedDll(string unmanagedDllName)
    {
        if (_resolver.ResolveUnmanagedDllToPath(unmanagedDllName) is not { } path)
        {
            return IntPtr.Zero;
        }

        return _image.CheckNativeLibrary(path, out var problem) switch
        {
            PluginImage.ReadResult.Read => LoadUnmanagedDllFromPath(path),
            PluginImage.ReadResult.Refused => throw new DllNotFoundException($"{problem}."),
            _ => IntPtr.Zero,
        };
    }

    private Assembly LoadFromBytes(byte[] assembly, byte[]? symbolBytes)
    {
        using var image = new MemoryStream(assembly, writable: false);
        if (symbolBytes is null)
        {
            return LoadFromStream(image);
        }

        using var symbols = new MemoryStream(symbolBytes, writable: false);
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
