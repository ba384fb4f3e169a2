using System.Runtime.InteropServices;
using AeUpdater.Placeholders;
using Microsoft.Win32.SafeHandles;

namespace AeUpdater.Journaling;

/// <summary>
/// The few libc calls the state directory needs and .NET does not offer: opening without following a symbolic link and
/// without blocking on a FIFO (<c>O_NOFOLLOW | O_NONBLOCK</c>), reading the type of what was opened (on the handle),
/// <c>flock</c> without waiting, and the type of a path without following it.
/// </summary>
/// <remarks>
/// Linux (x64, arm64, ...) and macOS. Linux reads types with <c>statx</c>, whose layout is the same on every
/// architecture; macOS with <c>fstat</c>/<c>lstat</c> (64-bit-inode layout). Elsewhere (Windows) <see cref="IsSupported"/>
/// is <see langword="false"/> and callers use the managed checks.
/// </remarks>
internal static partial class StateNative
{
    public const int EPERM = 1;
    public const int ENOENT = 2;
    public const int EACCES = 13;
    public const int ENOTDIR = 20;
    public const int EISDIR = 21;
    public const int EROFS = 30;
    public const int ENOSPC = 28;

    private const int AtFdCwd = -100;
    private const int LinuxAtSymlinkNoFollow = 0x100;
    private const int LinuxAtEmptyPath = 0x1000;
    private const uint StatxType = 0x1 | 0x2 | 0x8; // STATX_TYPE | STATX_MODE | STATX_UID
    private const int StatxSize = 256;
    private const int StatxUidOffset = 20;
    private const int StatxModeOffset = 28;
    private const int DarwinStatSize = 144;
    private const int DarwinModeOffset = 4;
    private const int DarwinUidOffset = 16;

    private const int SIfMt = 0xF000;

    private static readonly byte[] EmptyPath = [0];

    /// <summary>Whether the native calls are available (Linux, macOS).</summary>
    public static bool IsSupported { get; } = OperatingSystem.IsLinux() || OperatingSystem.IsMacOS();

    private static bool IsArmLinux => RuntimeInformation.ProcessArchitecture is Architecture.Arm64 or Architecture.Arm;

    private static int ReadOnly => 0;

    private static int ReadWrite => 2;

    private static int Create => OperatingSystem.IsMacOS() ? 0x200 : 0x40;

    private static int NonBlock => OperatingSystem.IsMacOS() ? 0x4 : 0x800;

    private static int NoFollow => OperatingSystem.IsMacOS() ? 0x100 : IsArmLinux ? 0x8000 : 0x20000;

    private static int CloseOnExec => OperatingSystem.IsMacOS() ? 0x1000000 : 0x80000;

    /// <summary><c>ELOOP</c>: the last component is a symbolic link and <c>O_NOFOLLOW</c> was given (FreeBSD says <c>EMLINK</c>).</summary>
    public static bool IsLinkErrno(int errno) => errno == (OperatingSystem.IsMacOS() ? 62 : 40);

    /// <summary><c>EWOULDBLOCK</c>: the lock is held by another open file.</summary>
    public static bool IsWouldBlock(int errno) => errno == (OperatingSystem.IsMacOS() ? 35 : 11);

    /// <summary>The system's text for <paramref name="errno"/>.</summary>
    public static string Message(int errno) => Marshal.GetPInvokeErrorMessage(errno);

    /// <summary>Opens <paramref name="path"/> for reading without following a link and without blocking; the handle or the errno.</summary>
    public static SafeFileHandle? OpenRead(string path, out int errno) =>
        OpenCore(path, ReadOnly | NonBlock | NoFollow | CloseOnExec, 0, out errno);

    /// <summary>Opens (creating, mode 0644) <paramref name="path"/> for reading and writing, without following a link or blocking.</summary>
    public static SafeFileHandle? OpenOrCreateReadWrite(string path, out int errno) =>
        OpenCore(path, ReadWrite | Create | NonBlock | NoFollow | CloseOnExec, 0x1A4, out errno);

    /// <summary>Opens <paramref name="path"/> for reading and writing (creating it, mode 0644, when asked), without following a link or blocking.</summary>
    public static SafeFileHandle? OpenWrite(string path, bool create, out int errno) =>
        OpenCore(path, ReadWrite | (create ? Create : 0) | NonBlock | NoFollow | CloseOnExec, 0x1A4, out errno);

    /// <summary>The file type bits (<c>S_IFMT</c>) and owner of an open handle; <see langword="false"/> when they cannot be read.</summary>
    public static bool TryGetType(SafeFileHandle handle, out FileKind kind, out uint owner)
    {
        var fd = (int)handle.DangerousGetHandle();
        var buffer = new byte[Math.Max(StatxSize, DarwinStatSize)];
        int result;
        if (OperatingSystem.IsLinux())
        {
            result = Statx(fd, EmptyPath, LinuxAtEmptyPath, StatxType, buffer);
        }
        else
        {
            result = RuntimeInformation.ProcessArchitecture == Architecture.X64 ? DarwinFstatInode64(fd, buffer) : DarwinFstat(fd, buffer);
        }

        return Decode(result, buffer, out kind, out owner);
    }

    /// <summary>The type and owner of <paramref name="path"/> itself (a link is not followed); errno 2 when it does not exist.</summary>
    public static bool TryGetPathType(string path, out FileKind kind, out uint owner, out int errno)
    {
        var buffer = new byte[Math.Max(StatxSize, DarwinStatSize)];
        var native = ToNative(path);
        int result;
        if (OperatingSystem.IsLinux())
        {
            result = Statx(AtFdCwd, native, LinuxAtSymlinkNoFollow, StatxType, buffer);
        }
        else
        {
            result = RuntimeInformation.ProcessArchitecture == Architecture.X64 ? DarwinLstatInode64(native, buffer) : DarwinLstat(native, buffer);
        }

        errno = result == 0 ? 0 : Marshal.GetLastPInvokeError();
        return Decode(result, buffer, out kind, out owner);
    }

    /// <summary>Whether this process may search and write <paramref name="directory"/> (effective ids; a read-only mount says <c>EROFS</c>).</summary>
    public static bool CanWrite(string directory, out int errno)
    {
        const int WriteAndSearch = 2 | 1; // W_OK | X_OK
        var atEaccess = OperatingSystem.IsMacOS() ? 0x10 : 0x200;
        if (FAccessAt(AtFdCwd, ToNative(directory), WriteAndSearch, atEaccess) == 0)
        {
            errno = 0;
            return true;
        }

        errno = Marshal.GetLastPInvokeError();
        return false;
    }

    /// <summary>Takes <c>flock(LOCK_EX | LOCK_NB)</c>; <see langword="false"/> with the errno when it is held elsewhere or fails.</summary>
    public static bool TryLockExclusive(SafeFileHandle handle, out int errno)
    {
        if (Flock((int)handle.DangerousGetHandle(), 2 | 4) == 0)
        {
            errno = 0;
            return true;
        }

        errno = Marshal.GetLastPInvokeError();
        return false;
    }

    /// <summary>Sets the length of an open file.</summary>
    public static void Truncate(SafeFileHandle handle, long length) => _ = FTruncate((int)handle.DangerousGetHandle(), length);

    /// <summary>The effective user id of this process.</summary>
    public static uint EffectiveUserId() => GetEuid();

    private static SafeFileHandle? OpenCore(string path, int flags, int mode, out int errno)
    {
        var fd = Open(ToNative(path), flags, mode);
        if (fd < 0)
        {
            errno = Marshal.GetLastPInvokeError();
            return null;
        }

        errno = 0;
        return new SafeFileHandle(fd, ownsHandle: true);
    }

    private static bool Decode(int result, byte[] buffer, out FileKind kind, out uint owner)
    {
        kind = FileKind.Other;
        owner = 0;
        if (result != 0)
        {
            return false;
        }

        var mode = BitConverter.ToUInt16(buffer, OperatingSystem.IsLinux() ? StatxModeOffset : DarwinModeOffset) & SIfMt;
        owner = BitConverter.ToUInt32(buffer, OperatingSystem.IsLinux() ? StatxUidOffset : DarwinUidOffset);
        kind = mode switch
        {
            0x8000 => FileKind.Regular,
            0x4000 => FileKind.Directory,
            0xA000 => FileKind.SymbolicLink,
            0x1000 => FileKind.Fifo,
            0x2000 or 0x6000 => FileKind.Device,
            0xC000 => FileKind.Socket,
            _ => FileKind.Other,
        };
        return true;
    }

    private static byte[] ToNative(string path) => FastUnix.Encode(path);

    [LibraryImport("libc", EntryPoint = "open", SetLastError = true)]
    private static partial int Open(byte[] path, int flags, int mode);

    [LibraryImport("libc", EntryPoint = "statx", SetLastError = true)]
    private static partial int Statx(int dirFd, byte[] path, int flags, uint mask, byte[] buffer);

    [LibraryImport("libc", EntryPoint = "faccessat", SetLastError = true)]
    private static partial int FAccessAt(int dirFd, byte[] path, int mode, int flags);

    [LibraryImport("libc", EntryPoint = "flock", SetLastError = true)]
    private static partial int Flock(int fd, int operation);

    [LibraryImport("libc", EntryPoint = "ftruncate", SetLastError = true)]
    private static partial int FTruncate(int fd, long length);

    [LibraryImport("libc", EntryPoint = "geteuid")]
    private static partial uint GetEuid();

    [LibraryImport("libSystem.dylib", EntryPoint = "fstat", SetLastError = true)]
    private static partial int DarwinFstat(int fd, byte[] buffer);

    [LibraryImport("libSystem.dylib", EntryPoint = "fstat$INODE64", SetLastError = true)]
    private static partial int DarwinFstatInode64(int fd, byte[] buffer);

    [LibraryImport("libSystem.dylib", EntryPoint = "lstat", SetLastError = true)]
    private static partial int DarwinLstat(byte[] path, byte[] buffer);

    [LibraryImport("libSystem.dylib", EntryPoint = "lstat$INODE64", SetLastError = true)]
    private static partial int DarwinLstatInode64(byte[] path, byte[] buffer);
}
