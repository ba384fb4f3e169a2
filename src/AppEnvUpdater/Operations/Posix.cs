using System.Runtime.InteropServices;
using AeUpdater.Placeholders;

namespace AeUpdater.Operations;

/// <summary>The identity of a file: its device and inode (what an alias through a symbolic link cannot change).</summary>
internal readonly record struct FileId(ulong Device, ulong Inode);

/// <summary>What <c>statx</c> says about a file (never following a symbolic link it names).</summary>
internal readonly record struct StatInfo(uint Mode, ulong Size, FileId Id, long MTimeSeconds, uint MTimeNanoseconds)
{
    public const uint TypeMask = 0xF000;
    public const uint Regular = 0x8000;
    public const uint Directory = 0x4000;
    public const uint Link = 0xA000;
    public const uint Fifo = 0x1000;
    public const uint CharDevice = 0x2000;
    public const uint BlockDevice = 0x6000;
    public const uint Socket = 0xC000;

    public uint Type => Mode & TypeMask;

    public bool IsRegular => Type == Regular;

    public bool IsDirectory => Type == Directory;

    public bool IsLink => Type == Link;

    /// <summary>What kind of file this is, in words, for a reason ("a FIFO (named pipe)").</summary>
    public string Describe() => Type switch
    {
        Regular => "a regular file",
        Directory => "a folder",
        Link => "a symbolic link",
        Fifo => "a FIFO (named pipe)",
        CharDevice => "a character device",
        BlockDevice => "a block device",
        Socket => "a socket",
        _ => $"a special file (type 0x{Type:x})",
    };
}

/// <summary>
/// The Linux system calls the file layer uses to act on what it checked: every open relative to a directory handle,
/// never following a symbolic link (<c>O_NOFOLLOW</c>), checks on the opened handle (<c>statx</c> with
/// <c>AT_EMPTY_PATH</c>, whose structure is the same on every architecture), renames between directory handles.
/// </summary>
/// <remarks>
/// Supported on 64-bit Linux (x64, arm64, where the open flags are known); elsewhere <see cref="Supported"/> is
/// <see langword="false"/> and the file layer uses path-based .NET calls (documented in docs/guarantees.md).
/// </remarks>
internal static partial class Posix
{
    public static readonly bool Supported = OperatingSystem.IsLinux()
        && RuntimeInformation.ProcessArchitecture is Architecture.X64 or Architecture.Arm64;

    private static readonly bool IsArm = RuntimeInformation.ProcessArchitecture == Architecture.Arm64;

    public const int AtFdCwd = -100;
    public const int ORdOnly = 0;
    public const int OWrOnly = 1;
    public const int OCreat = 0x40;
    public const int OExcl = 0x80;
    public const int ONonBlock = 0x800;
    public static readonly int ODirectory = IsArm ? 0x4000 : 0x10000;
    public static readonly int ONoFollow = IsArm ? 0x8000 : 0x20000;
    public const int OCloExec = 0x80000;

    private const int AtSymlinkNoFollow = 0x100;
    private const int AtRemoveDir = 0x200;
    private const int AtEmptyPath = 0x1000;
    private const uint StatxBasicStats = 0x7ff;
    private const int StatxSize = 256;

    public const int EPERM = 1;
    public const int ENOENT = 2;
    public const int EINTR = 4;
    public const int EACCES = 13;
    public const int EEXIST = 17;
    public const int EXDEV = 18;
    public const int ENOTDIR = 20;
    public const int EISDIR = 21;
    public const int EINVAL = 22;
    public const int ENAMETOOLONG = 36;
    public const int ENOSYS = 38;
    public const int ENOTEMPTY = 39;
    public const int ELOOP = 40;
    public const int EOPNOTSUPP = 95;

    /// <summary>A path or name as the kernel takes it: UTF-8, NUL-terminated (ASCII copied without the transcoder).</summary>
    public static byte[] Native(string path) => FastUnix.Encode(path);

    /// <summary>The text of an errno ("Permission denied (errno 13)").</summary>
    public static string Message(int errno) => $"{Marshal.GetPInvokeErrorMessage(errno)} (errno {errno})";

    public static int LastError => Marshal.GetLastPInvokeError();

    public static int OpenAt(int dirFd, string name, int flags, uint mode = 0) => Interop.OpenAt(dirFd, Native(name), flags | OCloExec, mode);

    public static int Close(int fd) => Interop.Close(fd);

    /// <summary><c>statx</c> of <paramref name="name"/> relative to <paramref name="dirFd"/>, not following a link; errno on failure.</summary>
    public static int StatAt(int dirFd, string name, out StatInfo info) => Stat(dirFd, Native(name), AtSymlinkNoFollow, out info);

    /// <summary><c>statx</c> of an open handle.</summary>
    public static int StatFd(int fd, out StatInfo info) => Stat(fd, [0], AtEmptyPath | AtSymlinkNoFollow, out info);

    private static int Stat(int dirFd, byte[] path, int flags, out StatInfo info)
    {
        Span<byte> buffer = stackalloc byte[StatxSize];
        info = default;
        if (Interop.Statx(dirFd, path, flags, StatxBasicStats, ref MemoryMarshal.GetReference(buffer)) != 0)
        {
            return LastError;
        }

        var mode = BitConverter.ToUInt16(buffer[28..]);
        var ino = BitConverter.ToUInt64(buffer[32..]);
        var size = BitConverter.ToUInt64(buffer[40..]);
        var mtimeSec = BitConverter.ToInt64(buffer[112..]);
        var mtimeNsec = BitConverter.ToUInt32(buffer[120..]);
        var devMajor = BitConverter.ToUInt32(buffer[136..]);
        var devMinor = BitConverter.ToUInt32(buffer[140..]);
        info = new StatInfo(mode, size, new FileId(((ulong)devMajor << 32) | devMinor, ino), mtimeSec, mtimeNsec);
        return 0;
    }

    public static int RenameAt(int oldDirFd, string oldName, int newDirFd, string newName, bool noReplace) =>
        Interop.RenameAt2(oldDirFd, Native(oldName), newDirFd, Native(newName), noReplace ? 1u : 0u) == 0 ? 0 : LastError;

    public static int LinkAt(int oldDirFd, string oldName, int newDirFd, string newName) =>
        Interop.LinkAt(oldDirFd, Native(oldName), newDirFd, Native(newName), 0) == 0 ? 0 : LastError;

    public static int UnlinkAt(int dirFd, string name) => Interop.UnlinkAt(dirFd, Native(name), 0) == 0 ? 0 : LastError;

    /// <summary><c>unlinkat(AT_REMOVEDIR)</c>: removes an empty folder (a link named so is not followed, and fails with ENOTDIR).</summary>
    public static int RemoveDirAt(int dirFd, string name) => Interop.UnlinkAt(dirFd, Native(name), AtRemoveDir) == 0 ? 0 : LastError;

    public static int MkdirAt(int dirFd, string name) => Interop.MkdirAt(dirFd, Native(name), 0x1ff /* 0777 & ~umask */) == 0 ? 0 : LastError;

    public static int FChmod(int fd, uint mode) => Interop.FChmod(fd, mode) == 0 ? 0 : LastError;

    public static int Fsync(int fd) => Interop.Fsync(fd) == 0 ? 0 : LastError;

    public static int SyncFs(int fd) => Interop.SyncFs(fd) == 0 ? 0 : LastError;

    /// <summary>Sets the modification time (and the access time to the same) of an open file.</summary>
    public static int SetTimes(int fd, long seconds, uint nanoseconds)
    {
        Span<long> times = [seconds, nanoseconds, seconds, nanoseconds];
        return Interop.FutImens(fd, ref MemoryMarshal.GetReference(times)) == 0 ? 0 : LastError;
    }

    /// <summary>Copies all of <paramref name="from"/> (from its start) to <paramref name="to"/>: the kernel's copy offload, else read/write. Errno on failure.</summary>
    public static int CopyData(int from, int to)
    {
        var offload = true;
        ulong copied = 0;
        while (offload)
        {
            var n = Interop.CopyFileRange(from, IntPtr.Zero, to, IntPtr.Zero, (nuint)(1UL << 30), 0);
            if (n > 0)
            {
                copied += (ulong)n;
                continue;
            }

            if (n == 0)
            {
                return 0;
            }

            var errno = LastError;
            if (errno == EINTR)
            {
                continue;
            }

            if (copied == 0 && errno is EXDEV or EINVAL or ENOSYS or EOPNOTSUPP or EPERM)
            {
                offload = false; // a file system without copy_file_range between these two: plain reads and writes
                break;
            }

            return errno;
        }

        var buffer = new byte[1 << 16];
        while (true)
        {
            var n = Interop.Read(from, buffer, buffer.Length);
            if (n < 0)
            {
                var errno = LastError;
                if (errno == EINTR)
                {
                    continue;
                }

                return errno;
            }

            if (n == 0)
            {
                return 0;
            }

            var written = 0;
            while (written < n)
            {
                var w = Interop.Write(to, buffer.AsSpan((int)written), (nint)(n - written));
                if (w < 0)
                {
                    var errno = LastError;
                    if (errno == EINTR)
                    {
                        continue;
                    }

                    return errno;
                }

                written += (int)w;
            }
        }
    }

    /// <summary>Whether two open files have the same bytes (read both from their start).</summary>
    public static bool SameContent(int a, int b, out int errno)
    {
        errno = 0;
        var x = new byte[1 << 16];
        var y = new byte[1 << 16];
        long offset = 0;
        while (true)
        {
            var nx = Interop.PRead(a, x, x.Length, offset);
            var ny = Interop.PRead(b, y, y.Length, offset);
            if (nx < 0 || ny < 0)
            {
                errno = LastError;
                return false;
            }

            if (nx != ny || !x.AsSpan(0, (int)nx).SequenceEqual(y.AsSpan(0, (int)ny)))
            {
                return false;
            }

            if (nx == 0)
            {
                return true;
            }

            offset += nx;
        }
    }

    private static partial class Interop
    {
        [LibraryImport("libc", EntryPoint = "openat", SetLastError = true)]
        public static partial int OpenAt(int dirFd, byte[] path, int flags, uint mode);

        [LibraryImport("libc", EntryPoint = "close", SetLastError = true)]
        public static partial int Close(int fd);

        [LibraryImport("libc", EntryPoint = "statx", SetLastError = true)]
        public static partial int Statx(int dirFd, byte[] path, int flags, uint mask, ref byte buffer);

        [LibraryImport("libc", EntryPoint = "renameat2", SetLastError = true)]
        public static partial int RenameAt2(int oldDirFd, byte[] oldPath, int newDirFd, byte[] newPath, uint flags);

        [LibraryImport("libc", EntryPoint = "linkat", SetLastError = true)]
        public static partial int LinkAt(int oldDirFd, byte[] oldPath, int newDirFd, byte[] newPath, int flags);

        [LibraryImport("libc", EntryPoint = "unlinkat", SetLastError = true)]
        public static partial int UnlinkAt(int dirFd, byte[] path, int flags);

        [LibraryImport("libc", EntryPoint = "mkdirat", SetLastError = true)]
        public static partial int MkdirAt(int dirFd, byte[] path, uint mode);

        [LibraryImport("libc", EntryPoint = "fchmod", SetLastError = true)]
        public static partial int FChmod(int fd, uint mode);

        [LibraryImport("libc", EntryPoint = "fsync", SetLastError = true)]
        public static partial int Fsync(int fd);

        [LibraryImport("libc", EntryPoint = "syncfs", SetLastError = true)]
        public static partial int SyncFs(int fd);

        [LibraryImport("libc", EntryPoint = "futimens", SetLastError = true)]
        public static partial int FutImens(int fd, ref long times);

        [LibraryImport("libc", EntryPoint = "copy_file_range", SetLastError = true)]
        public static partial nint CopyFileRange(int fdIn, IntPtr offIn, int fdOut, IntPtr offOut, nuint length, uint flags);

        [LibraryImport("libc", EntryPoint = "read", SetLastError = true)]
        public static partial nint Read(int fd, byte[] buffer, nint count);

        [LibraryImport("libc", EntryPoint = "write", SetLastError = true)]
        public static partial nint Write(int fd, ReadOnlySpan<byte> buffer, nint count);

        [LibraryImport("libc", EntryPoint = "pread", SetLastError = true)]
        public static partial nint PRead(int fd, byte[] buffer, nint count, long offset);

        [LibraryImport("libc", EntryPoint = "realpath", SetLastError = true)]
        public static partial IntPtr RealPath(byte[] path, IntPtr resolved);

        [LibraryImport("libc", EntryPoint = "free")]
        public static partial void Free(IntPtr pointer);
    }

    /// <summary><c>realpath(3)</c>: the path with every symbolic link resolved; <see langword="null"/> when it fails (errno in <paramref name="errno"/>).</summary>
    public static unsafe string? RealPath(string path, out int errno)
    {
        errno = 0;
        var result = Interop.RealPath(Native(path), IntPtr.Zero);
        if (result == IntPtr.Zero)
        {
            errno = LastError;
            return null;
        }

        try
        {
            return FastUnix.Decode(MemoryMarshal.CreateReadOnlySpanFromNullTerminated((byte*)result));
        }
        finally
        {
            Interop.Free(result);
        }
    }
}
