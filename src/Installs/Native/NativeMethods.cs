using System.Runtime.InteropServices;

namespace AeUpdater.Installs.Native;

/// <summary>libc calls for locks and flushing that .NET does not expose.</summary>
internal static partial class NativeMethods
{
    public const int ORdOnly = 0;
    public const int LockEx = 2;
    public const int LockNb = 4;
    public const int LockUn = 8;

    /// <summary>O_CLOEXEC: descriptors of the library never leak into processes it starts.</summary>
    public static readonly int OCloexec = OperatingSystem.IsLinux() ? 0x80000 : 0x1000000;

    /// <summary>Opens read-only with <see cref="OCloexec"/>.</summary>
    public static int OpenReadOnly(string path) => Open(path, ORdOnly | OCloexec);

    [LibraryImport("libc", EntryPoint = "open", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    public static partial int Open(string path, int flags);

    [LibraryImport("libc", EntryPoint = "close", SetLastError = true)]
    public static partial int Close(int fd);

    [LibraryImport("libc", EntryPoint = "fsync", SetLastError = true)]
    public static partial int Fsync(int fd);

    [LibraryImport("libc", EntryPoint = "syncfs", SetLastError = true)]
    public static partial int SyncFs(int fd);

    [LibraryImport("libc", EntryPoint = "flock", SetLastError = true)]
    public static partial int Flock(int fd, int operation);
}
