using System.Diagnostics.CodeAnalysis;
using AeUpdater.Placeholders;
using Microsoft.Win32.SafeHandles;

namespace AeUpdater.Plugins;

/// <summary>
/// The bytes of a plugin that are loaded, read once through handles that were checked: the root and the plugin's
/// folder are opened (the plugin's folder and files without following symbolic links), their owner and mode are read
/// from the open handle, and every file is read from the handle that was checked. The main assembly is loaded from
/// these bytes and the ledger's hash is computed over them; private dependencies are read the same way, relative to
/// the open folder, when the plugin first needs them.
/// </summary>
/// <remarks>
/// On Windows, and on Unix when the options trust any plugin, nothing is checked; on Windows files are read by path.
/// </remarks>
internal sealed class PluginImage : IDisposable
{
    private readonly SafeFileHandle? _directory;
    private readonly bool _check;
    private readonly uint _effectiveUserId;
    private readonly List<string> _refusals = [];
    private readonly VerifiedFiles? _verified;
    private string? _realDirectory;

    private PluginImage(LocatedPlugin plugin, SafeFileHandle? directory, bool check, uint effectiveUserId, VerifiedFiles? verified)
    {
        Plugin = plugin;
        _directory = directory;
        _check = check;
        _effectiveUserId = effectiveUserId;
        _verified = verified;
    }

    /// <summary>How reading a dependency went.</summary>
    internal enum ReadResult
    {
        /// <summary>Read (and, unless trusted, checked).</summary>
        Read,

        /// <summary>No such file: the next place is tried.</summary>
        NotFound,

        /// <summary>It is there but refused (not trusted, outside the plugin's folder, unreadable).</summary>
        Refused,
    }

    /// <summary>The plugin.</summary>
    public LocatedPlugin Plugin { get; }

    /// <summary>The main assembly's bytes, as loaded.</summary>
    public byte[] MainAssembly { get; private set; } = [];

    /// <summary>The main assembly's <c>.pdb</c>, or <see langword="null"/>.</summary>
    public byte[]? MainSymbols { get; private set; }

    /// <summary>The plugin's <c>.deps.json</c>, or <see langword="null"/>.</summary>
    public byte[]? DepsJson { get; private set; }

    /// <summary>
    /// The ledger's identity of the plugin: SHA-256 over the main assembly and its <c>.deps.json</c> (name, length,
    /// bytes), exactly as read here. Data files and files the plugin writes into its folder are not part of it.
    /// </summary>
    public string Hash { get; private set; } = "";

    /// <summary>The dependencies refused while the plugin ran (each starts with <c>Not trusted:</c> or <c>Not verified:</c>, names the file and says why).</summary>
    public IReadOnlyList<string> Refusals
    {
        get
        {
            lock (_refusals)
            {
                return [.. _refusals];
            }
        }
    }

    private string MainName => Plugin.Name + ".dll";

    /// <summary>Opens, checks and reads the plugin (see the type's summary).</summary>
    /// <param name="plugin">The located plugin.</param>
    /// <param name="trustAnyPlugin">Skip the owner, mode and symbolic-link checks.</param>
    /// <param name="verification">
    /// When set (<see cref="UpdaterOptions.RequireVerifiedPlugins"/>), every assembly read (the main one here, dependencies
    /// later) must have the hash and length its path has in the record, checked on the bytes that are loaded; without a
    /// record nothing is opened.
    /// </param>
    /// <param name="image">The image, when the plugin may run.</param>
    /// <param name="problem">Why not: the path and the problem, e.g. <c>Not trusted: /app is writable by others (mode 777).</c></param>
    /// <returns>Whether the plugin was read and may run.</returns>
    public static bool TryOpen(LocatedPlugin plugin, bool trustAnyPlugin, PluginVerification? verification, [NotNullWhen(true)] out PluginImage? image, [NotNullWhen(false)] out string? problem)
    {
        image = null;
        if (verification is { Record: null })
        {
            problem = verification.Problem!;
            return false;
        }

        var check = !trustAnyPlugin && !OperatingSystem.IsWindows();
        SafeFileHandle? directory = null;
        uint euid = 0;
        if (!OperatingSystem.IsWindows() && (check || UnixHandle.IsSupported))
        {
            if (check && !TryGetEffectiveUserId(out euid, out problem))
            {
                return false;
            }

            if (!TryOpenPluginDirectory(plugin, check, euid, out directory, out problem))
            {
                return false;
            }
        }

        var opened = new PluginImage(plugin, directory, check, euid, verification?.Record);
        try
        {
            if (!opened.TryReadOwnFiles(out problem))
            {
                opened.Dispose();
                return false;
            }
        }
        catch
        {
            opened.Dispose();
            throw;
        }

        image = opened;
        return true;
    }

    /// <summary>
    /// Reads a dependency that the plugin's <c>.deps.json</c> or folder resolved to <paramref name="path"/>: it must be
    /// inside the plugin's folder, and it is read through handles opened relative to the checked folder.
    /// </summary>
    /// <param name="path">The resolved path (absolute).</param>
    /// <param name="bytes">The assembly's bytes.</param>
    /// <param name="symbols">Its <c>.pdb</c>, when there is one.</param>
    /// <param name="problem">Why it was refused (recorded in <see cref="Refusals"/> too).</param>
    /// <returns>Read, not found, or refused.</returns>
    public ReadResult TryReadDependency(string path, out byte[]? bytes, out byte[]? symbols, out string? problem)
    {
        symbols = null;
        var result = TryReadRelative(path, out bytes, out problem);
        if (result == ReadResult.Refused)
        {
            problem = $"Not trusted: {problem}";
        }
        else if (result == ReadResult.Read && !IsVerified(path, bytes!, out problem))
        {
            bytes = null;
            result = ReadResult.Refused;
        }

        if (result == ReadResult.Read)
        {
            var symbolsPath = Path.ChangeExtension(path, ".pdb");
            var symbolsResult = TryReadRelative(symbolsPath, out symbols, out problem);
            if (symbolsResult == ReadResult.Refused)
            {
                bytes = null;
                problem = $"Not trusted: {problem}";
                result = ReadResult.Refused;
            }
            else if (symbols is not null && !IsVerified(symbolsPath, symbols, out _))
            {
                // Symbols that are not the archive's are not loaded; the assembly (which is) still is.
                symbols = null;
            }
        }

        if (result == ReadResult.Refused)
        {
            lock (_refusals)
            {
                _refusals.Add(problem!);
            }
        }

        return result;
    }

    /// <summary>Checks a native library the plugin resolved to <paramref name="path"/> as <see cref="TryReadDependency"/> does (its bytes are not kept: the OS loads it from its file).</summary>
    /// <param name="path">The resolved path (absolute).</param>
    /// <param name="problem">Why it was refused (recorded in <see cref="Refusals"/> too).</param>
    /// <returns>Read, not found, or refused.</returns>
    public ReadResult CheckNativeLibrary(string path, out string? problem)
    {
        var result = TryReadRelative(path, out _, out problem);
        if (result == ReadResult.Refused)
        {
            problem = $"Not trusted: {problem}";
        }
        else if (result == ReadResult.Read && _verified is not null)
        {
            // The OS maps a native library from its path: the bytes it runs cannot be the bytes checked here.
            problem = $"Not verified: {path} is a native library, which the OS loads from its path, so the bytes it runs cannot be checked against the verified archive; with RequireVerifiedPlugins a plugin cannot load native libraries";
            result = ReadResult.Refused;
        }

        if (result == ReadResult.Refused)
        {
            lock (_refusals)
            {
                _refusals.Add(problem!);
            }
        }

        return result;
    }

    /// <inheritdoc />
    public void Dispose() => _directory?.Dispose();

    private static bool TryGetEffectiveUserId(out uint euid, [NotNullWhen(false)] out string? problem)
    {
        problem = null;
        try
        {
            euid = UnixFileOwner.EffectiveUserId();
            return true;
        }
        catch (Exception ex) when (ex is PlatformNotSupportedException or EntryPointNotFoundException or DllNotFoundException)
        {
            euid = 0;
            problem = $"Not trusted: cannot check who owns the plugin on this system ({ex.Message}).";
            return false;
        }
    }

    // The root is opened as configured (a link to it is followed: it is the app's folder), then checked; the plugin's
    // folder is opened relative to it without following a link, then checked.
    private static bool TryOpenPluginDirectory(LocatedPlugin plugin, bool check, uint euid, out SafeFileHandle? directory, [NotNullWhen(false)] out string? problem)
    {
        directory = null;
        if (!UnixHandle.TryOpenDirectory(plugin.Root, follow: true, out var root, out var errno))
        {
            problem = $"Not trusted: {plugin.Root} {UnixHandle.Describe(errno, asDirectory: true)}.";
            return false;
        }

        if (check && CheckHandle(root, plugin.Root, euid, expectDirectory: true) is { } rootProblem)
        {
            root.Dispose();
            problem = $"Not trusted: {rootProblem}.";
            return false;
        }

        if (plugin.Folder is null)
        {
            directory = root;
            problem = null;
            return true;
        }

        using (root)
        {
            if (!UnixHandle.TryOpenAt(root, plugin.Name, asDirectory: true, follow: !check, out var folder, out errno))
            {
                problem = $"Not trusted: {plugin.Folder} {UnixHandle.Describe(errno, asDirectory: true)}.";
                return false;
            }

            if (check && CheckHandle(folder, plugin.Folder, euid, expectDirectory: true) is { } folderProblem)
            {
                folder.Dispose();
                problem = $"Not trusted: {folderProblem}.";
                return false;
            }

            directory = folder;
            problem = null;
            return true;
        }
    }

    private static string? CheckHandle(SafeFileHandle handle, string path, uint euid, bool expectDirectory) =>
        UnixHandle.TryStat(handle, out var status, out var errno)
            ? PluginTrust.CheckOpened(path, status, euid, expectDirectory)
            : $"cannot read the owner and permissions of {path} (errno {errno})";

    private bool TryReadOwnFiles([NotNullWhen(false)] out string? problem)
    {
        var directory = Plugin.Directory;
        switch (TryReadRelative(Path.Join(directory, MainName), out var main, out problem))
        {
            case ReadResult.NotFound:
                problem = $"{Path.Join(directory, MainName)} disappeared while it was checked.";
                return false;
            case ReadResult.Refused:
                problem = $"Not trusted: {problem}.";
                return false;
        }

        if (!IsVerified(Path.Join(directory, MainName), main!, out problem))
        {
            problem += ".";
            return false;
        }

        MainAssembly = main!;
        var symbolsPath = Path.Join(directory, Plugin.Name + ".pdb");
        if (TryReadRelative(symbolsPath, out var symbols, out problem) == ReadResult.Refused)
        {
            problem = $"Not trusted: {problem}.";
            return false;
        }

        // Symbols that are not the archive's are not loaded; the assembly (which is) still is.
        MainSymbols = symbols is not null && IsVerified(symbolsPath, symbols, out _) ? symbols : null;
        if (TryReadRelative(Path.Join(directory, Plugin.Name + ".deps.json"), out var deps, out problem) == ReadResult.Refused)
        {
            problem = $"Not trusted: {problem}.";
            return false;
        }

        DepsJson = deps;
        Hash = ComputeHash();
        problem = null;
        return true;
    }

    // SHA-256 in managed code (see Sha256: the platform's would load OpenSSL for this alone); the same bytes in the same
    // order as before, so the identities in existing ledgers stay valid.
    private string ComputeHash()
    {
        var hash = new Sha256();
        Append(MainName, MainAssembly);
        if (DepsJson is not null)
        {
            Append(Plugin.Name + ".deps.json", DepsJson);
        }

        return StartupText.HexLower(hash.Finish());

        void Append(string name, byte[] bytes)
        {
            hash.Append(FastUnix.Encode(name));
            hash.Append(BitConverter.GetBytes((long)bytes.Length));
            hash.Append(bytes);
        }
    }

    // With a record: the exact bytes read for the plugin's 'path' must be those the verified archive wrote there.
    private bool IsVerified(string path, byte[] bytes, [NotNullWhen(false)] out string? problem)
    {
        problem = null;
        if (_verified is null)
        {
            return true;
        }

        var inPlugin = RelativeInPlugin(path);
        if (inPlugin is null)
        {
            problem = $"Not verified: {path} is outside the plugin's folder {Plugin.Directory}";
            return false;
        }

        var fromRoot = Path.GetRelativePath(Plugin.Root, Path.Join(Plugin.Directory, inPlugin)).Replace(Path.DirectorySeparatorChar, '/');
        if (_verified.Matches(fromRoot, path, bytes, out var mismatch))
        {
            return true;
        }

        problem = $"Not verified: {mismatch}";
        return false;
    }

    // The runtime's resolver answers with the real path when the root was reached through a link
    // (/opt/app -> /opt/app-1.2): only the name relative to the plugin's folder is used, read through its handle.
    private string? RelativeInPlugin(string path)
    {
        var relative = RelativeTo(Plugin.Directory, path);
        if (relative is null && _directory is not null)
        {
            _realDirectory ??= UnixHandle.RealPath(Plugin.Directory) ?? Plugin.Directory;
            relative = RelativeTo(_realDirectory, path);
        }

        return relative;
    }

    private ReadResult TryReadRelative(string path, out byte[]? bytes, out string? problem)
    {
        bytes = null;
        problem = null;
        var relative = RelativeInPlugin(path);
        if (relative is null)
        {
            problem = $"{path} is outside the plugin's folder {Plugin.Directory}; a plugin loads only what is in its folder";
            return ReadResult.Refused;
        }

        if (_directory is null)
        {
            return TryReadByPath(path, out bytes, out problem);
        }

        var parts = relative.Split(Path.DirectorySeparatorChar, StringSplitOptions.RemoveEmptyEntries);
        var current = _directory;
        var opened = new List<SafeFileHandle>();
        try
        {
            var walked = Plugin.Directory;
            for (var i = 0; i < parts.Length - 1; i++)
            {
                walked = Path.Join(walked, parts[i]);
                if (!UnixHandle.TryOpenAt(current, parts[i], asDirectory: true, follow: !_check, out var next, out var errno))
                {
                    return Failed(walked, errno, asDirectory: true, out problem);
                }

                opened.Add(next);
                if (_check && CheckHandle(next, walked, _effectiveUserId, expectDirectory: true) is { } folderProblem)
                {
                    problem = folderProblem;
                    return ReadResult.Refused;
                }

                current = next;
            }

            if (!UnixHandle.TryOpenAt(current, parts[^1], asDirectory: false, follow: !_check, out var file, out var fileErrno))
            {
                return Failed(path, fileErrno, asDirectory: false, out problem);
            }

            using (file)
            {
                if (!UnixHandle.TryStat(file, out var status, out var statErrno))
                {
                    problem = $"cannot read the owner and permissions of {path} (errno {statErrno})";
                    return ReadResult.Refused;
                }

                problem = _check
                    ? PluginTrust.CheckOpened(path, status, _effectiveUserId, expectDirectory: false)
                    : status.Kind == UnixHandle.Kind.File ? null : $"{path} is not a regular file";
                if (problem is not null)
                {
                    return ReadResult.Refused;
                }

                bytes = UnixHandle.ReadAll(file, status.Size);
                return ReadResult.Read;
            }
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or ObjectDisposedException)
        {
            problem = $"cannot read {path}: {ex.Message}";
            return ReadResult.Refused;
        }
        finally
        {
            foreach (var handle in opened)
            {
                handle.Dispose();
            }
        }
    }

    private static string? RelativeTo(string directory, string path)
    {
        var relative = Path.GetRelativePath(directory, Path.GetFullPath(path));
        return Path.IsPathRooted(relative) || relative == ".." || relative.StartsWith(".." + Path.DirectorySeparatorChar, StringComparison.Ordinal)
            ? null
            : relative;
    }

    private static ReadResult Failed(string path, int errno, bool asDirectory, out string? problem)
    {
        if (UnixHandle.IsNotFound(errno))
        {
            problem = null;
            return ReadResult.NotFound;
        }

        problem = $"{path} {UnixHandle.Describe(errno, asDirectory)}";
        return ReadResult.Refused;
    }

    private static ReadResult TryReadByPath(string path, out byte[]? bytes, out string? problem)
    {
        bytes = null;
        problem = null;
        if (!File.Exists(path))
        {
            return ReadResult.NotFound;
        }

        try
        {
            bytes = File.ReadAllBytes(path);
            return ReadResult.Read;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            problem = $"cannot read {path}: {ex.Message}";
            return ReadResult.Refused;
        }
    }
}
