using System.Runtime.InteropServices;

namespace AeUpdater.Operations;

/// <summary>libc calls .NET does not expose with the semantics AeUpdater needs (rename without replace, no silent copy fallback).</summary>
internal static partial class NativeMethods
{
    public const int AtFdCwd = -100;
    public const uint RenameNoReplace = 1;

    public const int EPERM = 1;
    public const int ENOENT = 2;
    public const int EEXIST = 17;
    public const int EXDEV = 18;
    public const int EISDIR = 21;
    public const int EINVAL = 22;
    /// <summary>ENOTEMPTY differs between Linux (39) and the BSDs/macOS (66).</summary>
    public static readonly int ENOTEMPTY = OperatingSystem.IsLinux() ? 39 : 66;
    public const int ENOSYS = 38;
    public const int ENOTSUPLinux = 95;
    public const int ENOTSUPMac = 45;

    [LibraryImport("libc", EntryPoint = "rename", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    public static partial int Rename(string oldPath, string newPath);

    [LibraryImport("libc", EntryPoint = "renameat2", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    public static partial int RenameAt2(int oldDirFd, string oldPath, int newDirFd, string newPath, uint flags);

    [LibraryImport("libc", EntryPoint = "link", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    public static partial int Link(string oldPath, string newPath);

    [LibraryImport("libc", EntryPoint = "unlink", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    public static partial int Unlink(string path);

    [LibraryImport("libc", EntryPoint = "open", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    public static partial int Open(string path, int flags);

    [LibraryImport("libc", EntryPoint = "fsync", SetLastError = true)]
    public static partial int Fsync(int fd);

    [LibraryImport("libc", EntryPoint = "syncfs", SetLastError = true)]
    public static partial int SyncFs(int fd);

    [LibraryImport("libc", EntryPoint = "close", SetLastError = true)]
    public static partial int Close(int fd);
}
