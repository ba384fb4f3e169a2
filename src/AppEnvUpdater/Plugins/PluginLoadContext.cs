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
        Resolving += ResolveOwnCopy;
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
            if (FallsBackToHost(assemblyName))
            {
                // Null lets the runtime bind it in the default context, which is the host's (see FallsBackToHost).
                return null;
            }

            try
            {
                return SharedAssemblies.HostContext.LoadFromAssemblyName(assemblyName);
            }
            catch (Exception ex) when (ex is FileNotFoundException or FileLoadException)
            {
                // The host has no (or an older) copy: the plugin's own is used.
            }
        }

        return LoadOwnCopy(assemblyName);
    }

    /// <summary>
    /// Whether <see cref="Load"/> leaves a shared assembly to the runtime's fallback instead of returning the host's copy.
    /// </summary>
    /// <remarks>
    /// When <see cref="Load"/> returns null for a name that is not a satellite's, the runtime binds the name in the default
    /// context exactly as <c>AssemblyLoadContext.Default.LoadFromAssemblyName</c> does (its loaded assemblies and trusted
    /// platform list, the same version check, then its <c>Resolving</c> handlers); if that fails, this context's
    /// <see cref="AssemblyLoadContext.Resolving"/> event runs, and <see cref="ResolveOwnCopy"/> loads the plugin's own copy,
    /// as the catch in <see cref="Load"/> does. So when the host's AeUpdater lives in the default context, the result
    /// is the same assembly, and the runtime does not check the name of an assembly that <see cref="Load"/> returned: that
    /// check compares with the invariant culture and opens an ICU collator, about half of what an every-start plugin
    /// costs a fresh process.
    /// </remarks>
    private static bool FallsBackToHost(AssemblyName assemblyName) =>
        ReferenceEquals(SharedAssemblies.HostContext, Default) && string.IsNullOrEmpty(assemblyName.CultureName);

    /// <summary>The plugin's own copy of a shared assembly the host could not give (see <see cref="FallsBackToHost"/>).</summary>
    private Assembly? ResolveOwnCopy(AssemblyLoadContext context, AssemblyName assemblyName) =>
        assemblyName.Name is { } name && SharedAssemblies.Contains(name) && FallsBackToHost(assemblyName)
            ? LoadOwnCopy(assemblyName)
            : null;

    /// <summary>The plugin's own copy of an assembly: through its <c>.deps.json</c>, else from its folder.</summary>
    private Assembly? LoadOwnCopy(AssemblyName assemblyName)
    {
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
