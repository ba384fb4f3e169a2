using System.Runtime.InteropServices;
using System.Text;

namespace AeUpdater.Placeholders;

/// <summary>
/// The few calls a start with nothing to do makes (the current directory, whether a folder exists, the names in a
/// folder), straight to the C library and with paths converted without <see cref="Encoding.UTF8"/> when they are ASCII.
/// </summary>
/// <remarks>
/// <para>
/// Why: in a fresh process the first use of .NET's file-system layer and of its UTF-8 transcoder costs milliseconds of
/// runtime work, each time, in every start of every app (measured with callgrind on a ReadyToRun app: the first
/// <c>Directory.GetCurrentDirectory()</c> about 24 million instructions, of which the first UTF-8 or ASCII decoding alone
/// is 23 million; the first <c>File.Exists</c> 12 million; the first directory listing 30 million; the same work done
/// here about 1 million; docs/performance.md, "Start-up"). Warm, both are fast; this is only about the first call.
/// </para>
/// <para>
/// Where: 64-bit Linux (x64, arm64) with glibc or musl, where the layout of <c>struct dirent</c> and the constants below
/// are fixed. Elsewhere, and whenever a call fails or a name is not ASCII, the callers use the .NET calls, so every
/// result is the one the .NET call gives.
/// </para>
/// </remarks>
internal static unsafe partial class FastUnix
{
    /// <summary>Whether the calls below are used on this platform.</summary>
    public static readonly bool Supported = OperatingSystem.IsLinux()
        && RuntimeInformation.ProcessArchitecture is Architecture.X64 or Architecture.Arm64;

    /// <summary>PATH_MAX on Linux: the longest path the buffers here take (longer ones go the .NET way).</summary>
    private const int PathMax = 4096;

    private const int AtFdCwd = -100;
    private const int FOk = 0;
    private const int AtEAccess = 0x200;

    /// <summary>The offset of <c>d_name</c> in <c>struct dirent</c> of 64-bit glibc and musl.</summary>
    private const int DirentNameOffset = 19;

    /// <summary>The current directory, as <see cref="Directory.GetCurrentDirectory"/> gives it.</summary>
    /// <returns>The current directory.</returns>
    public static string GetCurrentDirectory()
    {
        if (Supported)
        {
            var buffer = stackalloc byte[PathMax];
            if (GetCwd(buffer, PathMax) != null && TryDecode(new ReadOnlySpan<byte>(buffer, StrLen(buffer, PathMax)), out var path))
            {
                return path;
            }
        }

        return Directory.GetCurrentDirectory();
    }

    /// <summary>Whether <paramref name="path"/> is an existing folder (links followed), as <see cref="Directory.Exists"/> says.</summary>
    /// <param name="path">The path.</param>
    /// <returns>The answer of <see cref="Directory.Exists"/>.</returns>
    public static bool DirectoryExists(string path)
    {
        if (Supported)
        {
            var buffer = stackalloc byte[PathMax];
            if (TryEncode(path, new Span<byte>(buffer, PathMax)))
            {
                // A path that cannot even be reached (faccessat fails: no such entry, a file on the way, no search
                // permission, a loop) is no folder, which is what Directory.Exists's stat says too; one that opens as a
                // folder is one. Anything else (exists, does not open as a folder) is left to Directory.Exists.
                if (FAccessAt(AtFdCwd, buffer, FOk, AtEAccess) != 0)
                {
                    return false;
                }

                var directory = OpenDir(buffer);
                if (directory != 0)
                {
                    _ = CloseDir(directory);
                    return true;
                }
            }
        }

        return Directory.Exists(path);
    }

    /// <summary>
    /// Whether any entry of <paramref name="folder"/> (not <c>.</c> or <c>..</c>) has a name that
    /// <paramref name="matches"/> (its UTF-8 bytes); <see langword="null"/> when the folder could not be read this way,
    /// and the caller must list it the .NET way.
    /// </summary>
    /// <param name="folder">The folder.</param>
    /// <param name="matches">The test of a name's bytes; it must also say yes to any name it cannot decide on bytes.</param>
    /// <returns>Whether one matched, or <see langword="null"/> when unknown.</returns>
    public static bool? AnyEntry(string folder, NameTest matches)
    {
        if (!Supported)
        {
            return null;
        }

        var buffer = stackalloc byte[PathMax];
        if (!TryEncode(folder, new Span<byte>(buffer, PathMax)))
        {
            return null;
        }

        var directory = OpenDir(buffer);
        if (directory == 0)
        {
            return null;
        }

        try
        {
            var errno = ErrnoLocation();
            while (true)
            {
                *errno = 0;
                var entry = (byte*)ReadDir(directory);
                if (entry == null)
                {
                    // The end, or an error (errno set): then the .NET listing decides, with its own error handling.
                    return *errno == 0 ? false : null;
                }

                var name = MemoryMarshal.CreateReadOnlySpanFromNullTerminated(entry + DirentNameOffset);
                if (name is [(byte)'.'] or [(byte)'.', (byte)'.'])
                {
                    continue;
                }

                if (matches(name))
                {
                    return true;
                }
            }
        }
        finally
        {
            _ = CloseDir(directory);
        }
    }

    /// <summary>A test of a file name's bytes (UTF-8 as the file system holds them).</summary>
    /// <param name="name">The name.</param>
    /// <returns>Whether it matches.</returns>
    public delegate bool NameTest(ReadOnlySpan<byte> name);

    /// <summary>
    /// <paramref name="text"/> as the kernel takes it (UTF-8, NUL-terminated) into <paramref name="buffer"/>; false when
    /// it does not fit or contains a NUL (which no path can). ASCII is copied byte for byte, anything else is encoded by
    /// <see cref="Encoding.UTF8"/> (the bytes are the same either way).
    /// </summary>
    /// <param name="text">The text.</param>
    /// <param name="buffer">Where to write it.</param>
    /// <returns>Whether it was written.</returns>
    public static bool TryEncode(string text, Span<byte> buffer)
    {
        if (text.Length >= buffer.Length)
        {
            return false;
        }

        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (c == '\0')
            {
                return false;
            }

            if (c >= 0x80)
            {
                return TryEncodeUtf8(text, buffer);
            }

            buffer[i] = (byte)c;
        }

        buffer[text.Length] = 0;
        return true;
    }

    /// <summary>The UTF-8 bytes of <paramref name="text"/>, NUL-terminated (ASCII copied byte for byte).</summary>
    /// <param name="text">The text.</param>
    /// <returns>The bytes.</returns>
    public static byte[] Encode(string text)
    {
        foreach (var c in text)
        {
            if (c >= 0x80)
            {
                var encoded = new byte[Encoding.UTF8.GetByteCount(text) + 1];
                Encoding.UTF8.GetBytes(text, encoded);
                return encoded;
            }
        }

        var bytes = new byte[text.Length + 1];
        for (var i = 0; i < text.Length; i++)
        {
            bytes[i] = (byte)text[i];
        }

        return bytes;
    }

    /// <summary>The text of UTF-8 <paramref name="bytes"/> as <see cref="Encoding.UTF8"/> decodes them (ASCII widened directly).</summary>
    /// <param name="bytes">The bytes.</param>
    /// <returns>The text.</returns>
    public static string Decode(ReadOnlySpan<byte> bytes) =>
        TryDecode(bytes, out var text) ? text : Encoding.UTF8.GetString(bytes);

    private static bool TryDecode(ReadOnlySpan<byte> bytes, out string text)
    {
        text = "";
        if (bytes.Length > PathMax)
        {
            return false;
        }

        Span<char> chars = stackalloc char[bytes.Length];
        for (var i = 0; i < bytes.Length; i++)
        {
            if (bytes[i] >= 0x80)
            {
                text = Encoding.UTF8.GetString(bytes);
                return true;
            }

            chars[i] = (char)bytes[i];
        }

        text = new string(chars);
        return true;
    }

    private static bool TryEncodeUtf8(string text, Span<byte> buffer)
    {
        if (!Encoding.UTF8.TryGetBytes(text, buffer[..^1], out var written) || text.Contains('\0', StringComparison.Ordinal))
        {
            return false;
        }

        buffer[written] = 0;
        return true;
    }

    private static int StrLen(byte* text, int max)
    {
        var length = 0;
        while (length < max && text[length] != 0)
        {
            length++;
        }

        return length;
    }

    [LibraryImport("libc", EntryPoint = "getcwd")]
    private static partial byte* GetCwd(byte* buffer, nuint size);

    [LibraryImport("libc", EntryPoint = "opendir")]
    private static partial nint OpenDir(byte* name);

    [LibraryImport("libc", EntryPoint = "readdir")]
    private static partial void* ReadDir(nint directory);

    [LibraryImport("libc", EntryPoint = "closedir")]
    private static partial int CloseDir(nint directory);

    [LibraryImport("libc", EntryPoint = "faccessat")]
    private static partial int FAccessAt(int directoryFd, byte* path, int mode, int flags);

    [LibraryImport("libc", EntryPoint = "__errno_location")]
    private static partial int* ErrnoLocation();
}
