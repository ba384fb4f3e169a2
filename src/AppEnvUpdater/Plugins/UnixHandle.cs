using System.Runtime.InteropServices;
using AeUpdater.Placeholders;
using Microsoft.Win32.SafeHandles;

namespace AeUpdater.Plugins;

/// <summary>
/// Opens files and folders on Unix without following symbolic links (<c>O_NOFOLLOW</c>), relative to an already opened
/// folder (<c>openat</c>), and reads the owner, mode and type of what was opened (<c>fstat</c>/<c>statx</c> on the
/// handle), so that what is checked is what is read: a name swapped after the open changes nothing.
/// </summary>
/// <remarks>
/// Linux (x64, x86, arm64, arm) and macOS; elsewhere every open fails with a reason. The <c>O_*</c> values differ
/// between Linux on x86 and on ARM, and between Linux and macOS.
/// </remarks>
internal static partial class UnixHandle
{
    private const int AtFdCwd = -100;
    private const int AtEmptyPath = 0x1000;
    private const uint StatxType = 0x1;
    private const uint StatxMode = 0x2;
    private const uint StatxUid = 0x8;
    private const uint StatxSize = 0x200;
    private const int StatxBufferSize = 256;
    private const int DarwinStatSize = 144;
    private const int ENoEnt = 2;
    private const int ENotDir = 20;
    private const uint FileTypeMask = 0xF000;

    /// <summary>The file types that <c>st_mode</c> tells apart.</summary>
    internal enum Kind
    {
        /// <summary>A regular file.</summary>
        File,

        /// <summary>A folder.</summary>
        Directory,

        /// <summary>A symbolic link (only seen when a link was opened on purpose).</summary>
        Link,

        /// <summary>A FIFO, socket or device.</summary>
        Special,
    }

    /// <summary>Whether this system is supported.</summary>
    public static bool IsSupported => Flags() is not null;

    /// <summary>Opens a folder by path; only its last component is not followed when <paramref name="follow"/> is <see langword="false"/>.</summary>
    /// <param name="path">The folder.</param>
    /// <param name="follow">Whether a symbolic link at <paramref name="path"/> is followed.</param>
    /// <param name="handle">The open handle.</param>
    /// <param name="errno">The error number when it failed (-1: unsupported system).</param>
    /// <returns>Whether it was opened.</returns>
    public static bool TryOpenDirectory(string path, bool follow, out SafeFileHandle handle, out int errno) =>
        TryOpen(null, path, asDirectory: true, follow, out handle, out errno);

    /// <summary>Opens <paramref name="name"/> (one component, no <c>/</c>) inside the open folder <paramref name="directory"/>.</summary>
    /// <param name="directory">The open folder.</param>
    /// <param name="name">The entry's name.</param>
    /// <param name="asDirectory">Open it as a folder (fails with <c>ENOTDIR</c> for anything else).</param>
    /// <param name="follow">Whether a symbolic link is followed.</param>
    /// <param name="handle">The open handle.</param>
    /// <param name="errno">The error number when it failed (-1: unsupported system).</param>
    /// <returns>Whether it was opened.</returns>
    public static bool TryOpenAt(SafeFileHandle directory, string name, bool asDirectory, bool follow, out SafeFileHandle handle, out int errno) =>
        TryOpen(directory, name, asDirectory, follow, out handle, out errno);

    /// <summary>Reads the type, mode, owner and size of an open handle.</summary>
    /// <param name="handle">The handle.</param>
    /// <param name="status">What was read.</param>
    /// <param name="errno">The error number when it failed (-1: unsupported system).</param>
    /// <returns>Whether it was read.</returns>
    public static bool TryStat(SafeFileHandle handle, out Status status, out int errno)
    {
        status = default;
        errno = -1;
        try
        {
            if (OperatingSystem.IsLinux())
            {
                var buffer = new byte[StatxBufferSize];
                if (NativeMethods.LinuxStatx(handle, [0], AtEmptyPath, StatxType | StatxMode | StatxUid | StatxSize, buffer) != 0)
                {
                    errno = Marshal.GetLastPInvokeError();
                    return false;
                }

                const uint Needed = StatxType | StatxMode | StatxUid | StatxSize;
                if ((BitConverter.ToUInt32(buffer, 0) & Needed) != Needed)
                {
                    return false;
                }

                // struct statx: stx_mask @0, stx_uid @20, stx_mode (u16) @28, stx_size @40.
                status = new Status(BitConverter.ToUInt16(buffer, 28), BitConverter.ToUInt32(buffer, 20), BitConverter.ToInt64(buffer, 40));
                return true;
            }

            if (OperatingSystem.IsMacOS())
            {
                var buffer = new byte[DarwinStatSize];
                var result = RuntimeInformation.ProcessArchitecture == Architecture.X64
                    ? NativeMethods.DarwinFstatInode64(handle, buffer)
                    : NativeMethods.DarwinFstat(handle, buffer);
                if (result != 0)
                {
                    errno = Marshal.GetLastPInvokeError();
                    return false;
                }

                // struct stat (64-bit inodes): st_mode (u16) @4, st_uid @16, st_size @96.
                status = new Status(BitConverter.ToUInt16(buffer, 4), BitConverter.ToUInt32(buffer, 16), BitConverter.ToInt64(buffer, 96));
                return true;
            }
        }
        catch (Exception ex) when (ex is EntryPointNotFoundException or DllNotFoundException)
        {
            return false;
        }

        return false;
    }

    /// <summary>Reads the whole regular file behind <paramref name="handle"/>, from its start, up to <paramref name="length"/> bytes as <c>fstat</c> said.</summary>
    /// <param name="handle">An open regular file.</param>
    /// <param name="length">Its size as read from the handle.</param>
    /// <returns>The bytes (fewer when it shrank while read).</returns>
    public static byte[] ReadAll(SafeFileHandle handle, long length)
    {
        if (length > Array.MaxLength)
        {
            throw new IOException($"the file is too large to be a plugin assembly ({length} bytes)");
        }

        var bytes = new byte[length];
        var total = 0;
        while (total < bytes.Length)
        {
            var read = RandomAccess.Read(handle, bytes.AsSpan(total), total);
            if (read == 0)
            {
                return bytes[..total];
            }

            total += read;
        }

        return bytes;
    }

    /// <summary>The canonical path of <paramref name="path"/> (links resolved, <c>realpath</c>), or <see langword="null"/>.</summary>
    /// <param name="path">An existing path.</param>
    /// <returns>The resolved path.</returns>
    public static string? RealPath(string path)
    {
        try
        {
            var resolved = NativeMethods.RealPath(FastUnix.Encode(path), IntPtr.Zero);
            if (resolved == IntPtr.Zero)
            {
                return null;
            }

            try
            {
                return Marshal.PtrToStringUTF8(resolved);
            }
            finally
            {
                NativeMethods.Free(resolved);
            }
        }
        catch (Exception ex) when (ex is EntryPointNotFoundException or DllNotFoundException)
        {
            return null;
        }
    }

    /// <summary>Says what an error number of an open means, for a message (<c>is a symbolic link</c>, <c>does not exist</c>, ...).</summary>
    /// <param name="errno">The error number.</param>
    /// <param name="asDirectory">Whether a folder was expected.</param>
    /// <returns>The text after the path.</returns>
    public static string Describe(int errno, bool asDirectory)
    {
        if (errno == -1)
        {
            return "cannot be opened safely on this system (supported on Linux and macOS)";
        }

        if (errno == ELoop)
        {
            return "is a symbolic link; a plugin's files and folders must be real ones";
        }

        return errno switch
        {
            ENoEnt => "does not exist (it disappeared while it was checked)",
            ENotDir when asDirectory => "is not a folder",
            _ => $"cannot be opened ({Marshal.GetPInvokeErrorMessage(errno)}, errno {errno})",
        };
    }

    /// <summary>Whether <paramref name="errno"/> says the entry does not exist.</summary>
    /// <param name="errno">The error number.</param>
    /// <returns>Whether it is <c>ENOENT</c>.</returns>
    public static bool IsNotFound(int errno) => errno == ENoEnt;

    private static int ELoop => OperatingSystem.IsMacOS() ? 62 : 40;

    private static bool TryOpen(SafeFileHandle? directory, string name, bool asDirectory, bool follow, out SafeFileHandle handle, out int errno)
    {
        handle = new SafeFileHandle();
        errno = -1;
        if (Flags() is not { } flags)
        {
            return false;
        }

        // O_NONBLOCK: a FIFO put in a file's place must not hang the open; regular files ignore it.
        var open = flags.ReadOnly | flags.CloseOnExec | flags.NonBlock | (follow ? 0 : flags.NoFollow) | (asDirectory ? flags.Directory : 0);
        var path = FastUnix.Encode(name);
        try
        {
            var fd = directory is null ? NativeMethods.OpenAt(AtFdCwd, path, open) : NativeMethods.OpenAt(directory, path, open);
            if (fd < 0)
            {
                errno = Marshal.GetLastPInvokeError();
                return false;
            }

            handle = new SafeFileHandle((IntPtr)fd, ownsHandle: true);
            return true;
        }
        catch (Exception ex) when (ex is EntryPointNotFoundException or DllNotFoundException)
        {
            return false;
        }
    }

    private static OpenFlags? Flags()
    {
        if (OperatingSystem.IsMacOS())
        {
            return new OpenFlags(0, 0x4, 0x100, 0x100000, 0x1000000);
        }

        if (!OperatingSystem.IsLinux())
        {
            return null;
        }

        return RuntimeInformation.ProcessArchitecture switch
        {
            Architecture.X64 or Architecture.X86 => new OpenFlags(0, 0x800, 0x20000, 0x10000, 0x80000),
            Architecture.Arm64 or Architecture.Arm => new OpenFlags(0, 0x800, 0x8000, 0x4000, 0x80000),
            _ => null,
        };
    }

    /// <summary>What <c>fstat</c> says about an open handle.</summary>
    /// <param name="Mode">The full <c>st_mode</c> (type and permission bits).</param>
    /// <param name="Owner">The owner's uid.</param>
    /// <param name="Size">The size in bytes.</param>
    internal readonly record struct Status(uint Mode, uint Owner, long Size)
    {
        /// <summary>The file type.</summary>
        public Kind Kind => (Mode & FileTypeMask) switch
        {
            0x8000 => Kind.File,
            0x4000 => Kind.Directory,
            0xA000 => Kind.Link,
            _ => Kind.Special,
        };

        /// <summary>The permission bits.</summary>
        public UnixFileMode Permissions => (UnixFileMode)(Mode & 0xFFF);
    }

    private readonly record struct OpenFlags(int ReadOnly, int NonBlock, int NoFollow, int Directory, int CloseOnExec);

    // LibraryImport, not DllImport: the marshalling is generated at build time, so a ReadyToRun image holds it and the
    // first plugin run of a process compiles no marshalling stubs (docs/performance.md, "every-start plugin").
    private static partial class NativeMethods
    {
        private const string Libc = "libc";

        [LibraryImport(Libc, EntryPoint = "openat", SetLastError = true)]
        [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
        public static partial int OpenAt(int directory, byte[] path, int flags);

        [LibraryImport(Libc, EntryPoint = "openat", SetLastError = true)]
        [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
        public static partial int OpenAt(SafeFileHandle directory, byte[] path, int flags);

        [LibraryImport(Libc, EntryPoint = "realpath", SetLastError = true)]
        [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
        public static partial IntPtr RealPath(byte[] path, IntPtr resolved);

        [LibraryImport(Libc, EntryPoint = "free")]
        [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
        public static partial void Free(IntPtr pointer);

        [LibraryImport(Libc, EntryPoint = "statx", SetLastError = true)]
        [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
        public static partial int LinuxStatx(SafeFileHandle handle, byte[] path, int flags, uint mask, byte[] buffer);

        [LibraryImport(Libc, EntryPoint = "fstat", SetLastError = true)]
        [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
        public static partial int DarwinFstat(SafeFileHandle handle, byte[] buffer);

        [LibraryImport(Libc, EntryPoint = "fstat$INODE64", SetLastError = true)]
        [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
        public static partial int DarwinFstatInode64(SafeFileHandle handle, byte[] buffer);
    }
}
