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

    /// <summary>The offset of <c>d_name</c> in <c>struct dirent</c> of 64-bit glibc and musl.</summary>
    private const int DirentNameOffset = 19;

    /// <summary>The size of <c>d_name</c> in <c>struct dirent</c> of glibc and musl (NAME_MAX + 1).</summary>
    private const int DirentNameSize = 256;

    // errno values of Linux (the same on x64 and arm64).
    private const int ENoEnt = 2;
    private const int EAccess = 13;
    private const int ENotDir = 20;
    private const int ENameTooLong = 36;
    private const int ELoop = 40;

    // struct statx is the same on every architecture (linux/stat.h): 256 bytes.
    private const int StatxSize = 256;
    private const uint StatxType = 0x1;
    private const uint StatxWanted = StatxType | 0x80 /* CTIME */ | 0x40 /* MTIME */ | 0x100 /* INO */;
    private const int StatxModeOffset = 28;
    private const int StatxInoOffset = 32;
    private const int StatxCtimeOffset = 96;
    private const int StatxMtimeOffset = 112;
    private const int StatxDevMajorOffset = 136;
    private const int StatxDevMinorOffset = 140;
    private const int SIfMt = 0xF000;
    private const int SIfDir = 0x4000;

    // struct statfs (120 bytes on x64 and arm64; room to spare) and the f_type values of linux/magic.h.
    private const int StatfsSize = 256;
    private const long Ext234Magic = 0xEF53;
    private const long XfsMagic = 0x58465342;
    private const long BtrfsMagic = 0x9123683E;
    private const long TmpfsMagic = 0x01021994;
    private const long F2fsMagic = 0xF2F52010;
    private const long ZfsMagic = 0x2FC12FC1;

    // open(2) flags (O_DIRECTORY differs between x64 and arm64) and the statx flag for "the descriptor itself".
    private const int ORdOnly = 0;
    private const int OCloseOnExec = 0x80000;
    private const int AtEmptyPath = 0x1000;
    private static readonly int ODirectory = RuntimeInformation.ProcessArchitecture == Architecture.Arm64 ? 0x4000 : 0x10000;

    private static bool _noStatx;

    /// <summary>The current directory, as <see cref="Directory.GetCurrentDirectory"/> gives it.</summary>
    /// <returns>The current directory.</returns>
    public static string GetCurrentDirectory()
    {
        if (Supported)
        {
            var buffer = stackalloc byte[PathMax];
            if (GetCwd(buffer, PathMax) != null)
            {
                return Decode(new ReadOnlySpan<byte>(buffer, StrLen(buffer, PathMax)));
            }
        }

        return Directory.GetCurrentDirectory();
    }

    /// <summary>Whether <paramref name="path"/> is an existing folder (links followed), as <see cref="Directory.Exists"/> says.</summary>
    /// <param name="path">The path.</param>
    /// <returns>The answer of <see cref="Directory.Exists"/>.</returns>
    public static bool DirectoryExists(string path) => TryStatDirectory(path, out _) ?? Directory.Exists(path);

    /// <summary>
    /// Whether <paramref name="path"/> is an existing folder (links followed), as <see cref="Directory.Exists"/> says, with
    /// one <c>statx</c>; and if it is, its <paramref name="stamp"/>. <see langword="null"/> when this way cannot tell
    /// (another platform, a path that is not ASCII-or-UTF-8 text or too long, no <c>statx</c>, an unexpected error): then
    /// the caller asks .NET.
    /// </summary>
    /// <param name="path">The path.</param>
    /// <param name="stamp">The folder's stamp; <see langword="default"/> unless the answer is <see langword="true"/>.</param>
    /// <returns>Whether it is a folder, or <see langword="null"/> when unknown.</returns>
    public static bool? TryStatDirectory(string path, out DirectoryStamp stamp)
    {
        stamp = default;
        if (!Supported || _noStatx)
        {
            return null;
        }

        var buffer = stackalloc byte[PathMax];
        if (!TryEncode(path, new Span<byte>(buffer, PathMax)))
        {
            return null;
        }

        var result = stackalloc byte[StatxSize];
        var status = StatxIfPresent(AtFdCwd, buffer, 0, result);
        if (_noStatx)
        {
            return null;
        }

        if (status != 0)
        {
            // The errors for which stat, and so Directory.Exists, says "no folder": no such entry, a file on the way, no
            // search permission, a loop of links, a name too long. Anything else (ENOSYS, EPERM of a sandbox) is .NET's.
            return *ErrnoLocation() is ENoEnt or ENotDir or EAccess or ELoop or ENameTooLong ? false : null;
        }

        var mask = *(uint*)result;
        if ((mask & StatxType) == 0)
        {
            return null;
        }

        if ((*(ushort*)(result + StatxModeOffset) & SIfMt) != SIfDir)
        {
            return false;
        }

        stamp = StampOf(result);
        return true;
    }

    /// <summary><c>statx</c> of the fields of a stamp; -1 also when the C library has none (musl before 1.2.5: .NET answers from then on).</summary>
    private static int StatxIfPresent(int directoryFd, byte* path, int flags, byte* result)
    {
        if (_noStatx)
        {
            return -1;
        }

        try
        {
            return Statx(directoryFd, path, flags, StatxWanted, result);
        }
        catch (EntryPointNotFoundException)
        {
            _noStatx = true;
            return -1;
        }
    }

    /// <summary>The stamp in a <c>struct statx</c> (<see langword="default"/> when the kernel did not fill every field of it).</summary>
    private static DirectoryStamp StampOf(byte* result) =>
        (*(uint*)result & StatxWanted) == StatxWanted
            ? new DirectoryStamp(
                ((ulong)*(uint*)(result + StatxDevMajorOffset) << 32) | *(uint*)(result + StatxDevMinorOffset),
                *(ulong*)(result + StatxInoOffset),
                *(long*)(result + StatxMtimeOffset),
                *(uint*)(result + StatxMtimeOffset + 8),
                *(long*)(result + StatxCtimeOffset),
                *(uint*)(result + StatxCtimeOffset + 8))
            : default;

    /// <summary>
    /// Whether the file system <paramref name="path"/> is on is one whose folders' modification and change times move
    /// whenever an entry is added, removed or renamed, to a timestamp of the kernel's clock (ext2/3/4, XFS, Btrfs,
    /// tmpfs, F2FS, ZFS); <see langword="false"/> for any other (network and FUSE file systems, overlays) or when it
    /// cannot be told.
    /// </summary>
    /// <param name="path">A path on the file system.</param>
    /// <returns>Whether its folder times can be trusted to show every change of their entries.</returns>
    public static bool HasTrustedFolderTimes(string path)
    {
        if (!Supported)
        {
            return false;
        }

        var buffer = stackalloc byte[PathMax];
        var result = stackalloc byte[StatfsSize];
        if (!TryEncode(path, new Span<byte>(buffer, PathMax)) || StatFs(buffer, result) != 0)
        {
            return false;
        }

        // f_type is the first member, a long, in the struct statfs of 64-bit glibc and musl on x64 and arm64.
        return *(long*)result is Ext234Magic or XfsMagic or BtrfsMagic or TmpfsMagic or F2fsMagic or ZfsMagic;
    }

    /// <summary>
    /// Whether any entry of <paramref name="folder"/> (not <c>.</c> or <c>..</c>) has a name that
    /// <paramref name="matches"/> (its UTF-8 bytes); <see langword="null"/> when the folder could not be read this way,
    /// and the caller must list it the .NET way.
    /// </summary>
    /// <param name="folder">The folder.</param>
    /// <param name="matches">The test of a name's bytes; it must also say yes to any name it cannot decide on bytes.</param>
    /// <returns>Whether one matched, or <see langword="null"/> when unknown.</returns>
    public static bool? AnyEntry(string folder, NameTest matches) => AnyEntry(folder, matches, out _);

    /// <summary>
    /// <see cref="AnyEntry(string, NameTest)"/>, and the <paramref name="listed"/> stamp of the folder that was read,
    /// taken from its open handle before the reading (<see langword="default"/> when it could not be taken): the stamp of
    /// what was listed, whatever the path names meanwhile.
    /// </summary>
    /// <param name="folder">The folder.</param>
    /// <param name="matches">The test of a name's bytes; it must also say yes to any name it cannot decide on bytes.</param>
    /// <param name="listed">The stamp of the folder read.</param>
    /// <returns>Whether one matched, or <see langword="null"/> when unknown.</returns>
    public static bool? AnyEntry(string folder, NameTest matches, out DirectoryStamp listed)
    {
        listed = default;
        if (!Supported)
        {
            return null;
        }

        var buffer = stackalloc byte[PathMax];
        if (!TryEncode(folder, new Span<byte>(buffer, PathMax)))
        {
            return null;
        }

        var fd = Open(buffer, ORdOnly | ODirectory | OCloseOnExec);
        if (fd < 0)
        {
            return null;
        }

        var empty = stackalloc byte[1];
        var result = stackalloc byte[StatxSize];
        if (StatxIfPresent(fd, empty, AtEmptyPath, result) == 0)
        {
            listed = StampOf(result);
        }

        var directory = FdOpenDir(fd);
        if (directory == 0)
        {
            _ = Close(fd);
            listed = default;
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

                // d_name holds at most NAME_MAX (255) bytes and its NUL. Measured by a loop, not by
                // MemoryMarshal.CreateReadOnlySpanFromNullTerminated: the first use of its vectorised search costs about 7
                // million instructions in a fresh process (docs/performance.md, "First call: fourth round").
                var name = new ReadOnlySpan<byte>(entry + DirentNameOffset, StrLen(entry + DirentNameOffset, DirentNameSize));
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

    /// <summary>
    /// <c>Encoding.UTF8.GetBytes(text)</c>, NUL-terminated unless <paramref name="nulTerminated"/> is false: ASCII is
    /// copied byte for byte, any other text goes through <see cref="Encoding.UTF8"/>.
    /// </summary>
    /// <param name="text">The text.</param>
    /// <param name="nulTerminated">Append a NUL byte (a C string).</param>
    /// <returns>The bytes.</returns>
    public static byte[] Encode(string text, bool nulTerminated = true)
    {
        var extra = nulTerminated ? 1 : 0;
        foreach (var c in text)
        {
            if (c >= 0x80)
            {
                var encoded = new byte[Encoding.UTF8.GetByteCount(text) + extra];
                Encoding.UTF8.GetBytes(text, encoded);
                return encoded;
            }
        }

        var bytes = new byte[text.Length + extra];
        for (var i = 0; i < text.Length; i++)
        {
            bytes[i] = (byte)text[i];
        }

        return bytes;
    }

    /// <summary>The text of UTF-8 <paramref name="bytes"/> as <see cref="Encoding.UTF8"/> decodes them (ASCII widened directly).</summary>
    /// <param name="bytes">The bytes.</param>
    /// <returns>The text.</returns>
    public static string Decode(ReadOnlySpan<byte> bytes)
    {
        foreach (var b in bytes)
        {
            if (b >= 0x80)
            {
                return Encoding.UTF8.GetString(bytes);
            }
        }

        return string.Create(bytes.Length, bytes, static (chars, ascii) =>
        {
            for (var i = 0; i < chars.Length; i++)
            {
                chars[i] = (char)ascii[i];
            }
        });
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

    [LibraryImport("libc", EntryPoint = "open")]
    private static partial int Open(byte* path, int flags);

    [LibraryImport("libc", EntryPoint = "fdopendir")]
    private static partial nint FdOpenDir(int fd);

    [LibraryImport("libc", EntryPoint = "close")]
    private static partial int Close(int fd);

    [LibraryImport("libc", EntryPoint = "readdir")]
    private static partial void* ReadDir(nint directory);

    [LibraryImport("libc", EntryPoint = "closedir")]
    private static partial int CloseDir(nint directory);

    [LibraryImport("libc", EntryPoint = "statx")]
    private static partial int Statx(int directoryFd, byte* path, int flags, uint mask, byte* result);

    [LibraryImport("libc", EntryPoint = "statfs")]
    private static partial int StatFs(byte* path, byte* result);

    [LibraryImport("libc", EntryPoint = "__errno_location")]
    private static partial int* ErrnoLocation();
}

/// <summary>
/// What changes whenever a folder's list of names changes, on a file system where <see cref="FastUnix.HasTrustedFolderTimes"/>
/// holds: the folder's device and inode (the same path may name another folder) and its modification and change times.
/// </summary>
/// <param name="device">The device.</param>
/// <param name="inode">The inode number.</param>
/// <param name="modifiedSeconds">The modification time's seconds.</param>
/// <param name="modifiedNanoseconds">Its nanoseconds.</param>
/// <param name="changedSeconds">The status change time's seconds.</param>
/// <param name="changedNanoseconds">Its nanoseconds.</param>
internal readonly struct DirectoryStamp(
    ulong device, ulong inode, long modifiedSeconds, uint modifiedNanoseconds, long changedSeconds, uint changedNanoseconds)
{
    /// <summary>The device (major in the high 32 bits, minor in the low).</summary>
    public ulong Device { get; } = device;

    /// <summary>The inode number.</summary>
    public ulong Inode { get; } = inode;

    /// <summary>The modification time, seconds since 1970 (UTC).</summary>
    public long ModifiedSeconds { get; } = modifiedSeconds;

    /// <summary>Its nanoseconds.</summary>
    public uint ModifiedNanoseconds { get; } = modifiedNanoseconds;

    /// <summary>The status change time, seconds since 1970 (UTC).</summary>
    public long ChangedSeconds { get; } = changedSeconds;

    /// <summary>Its nanoseconds.</summary>
    public uint ChangedNanoseconds { get; } = changedNanoseconds;

    /// <summary>Whether this is a stamp at all (<see langword="default"/> is none: the times were not available).</summary>
    public bool IsKnown => Inode != 0 || Device != 0;

    /// <summary>The later of the two times, in seconds since 1970 (rounded up).</summary>
    public long LatestChangeSeconds =>
        Math.Max(ModifiedSeconds + (ModifiedNanoseconds > 0 ? 1 : 0), ChangedSeconds + (ChangedNanoseconds > 0 ? 1 : 0));

    /// <summary>Whether <paramref name="other"/> is the same stamp: the same folder with the same times.</summary>
    /// <param name="other">The other stamp.</param>
    /// <returns>Whether every field is equal.</returns>
    /// <remarks>A method, not a record's equality: no generic interface over this struct is loaded in a first call.</remarks>
    public bool IsSameAs(in DirectoryStamp other) =>
        Device == other.Device && Inode == other.Inode && ModifiedSeconds == other.ModifiedSeconds
        && ModifiedNanoseconds == other.ModifiedNanoseconds && ChangedSeconds == other.ChangedSeconds
        && ChangedNanoseconds == other.ChangedNanoseconds;
}
