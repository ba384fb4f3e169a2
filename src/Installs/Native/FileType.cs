using System.Runtime.InteropServices;

namespace AeUpdater.Installs.Native;

/// <summary>
/// Tells a regular file from a FIFO, socket or device without opening it (opening a FIFO blocks), which .NET cannot:
/// Linux <c>statx</c> (one layout on every architecture), macOS <c>lstat</c>. Symbolic links are not followed.
/// </summary>
internal static partial class FileType
{
    private const int AtFdCwd = -100;
    private const int AtSymlinkNoFollow = 0x100;
    private const uint StatxType = 0x1;
    private const int StatxModeOffset = 28;
    private const int DarwinModeOffset = 4;
    private const int TypeMask = 0xF000;
    private const int Regular = 0x8000;

    /// <summary>True when <paramref name="path"/> is a regular file (Windows: any file).</summary>
    public static bool IsRegularFile(string path)
    {
        var buffer = new byte[256];
        int mode;
        if (OperatingSystem.IsLinux())
        {
            if (Statx(AtFdCwd, path, AtSymlinkNoFollow, StatxType, buffer) != 0)
            {
                return false;
            }

            mode = BitConverter.ToUInt16(buffer, StatxModeOffset);
        }
        else if (OperatingSystem.IsMacOS())
        {
            var result = RuntimeInformation.ProcessArchitecture == Architecture.X64 ? DarwinLstatInode64(path, buffer) : DarwinLstat(path, buffer);
            if (result != 0)
            {
                return false;
            }

            mode = BitConverter.ToUInt16(buffer, DarwinModeOffset);
        }
        else
        {
            return File.Exists(path);
        }

        return (mode & TypeMask) == Regular;
    }

    [LibraryImport("libc", EntryPoint = "statx", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int Statx(int dirFd, string path, int flags, uint mask, [Out] byte[] buffer);

    [LibraryImport("libSystem.dylib", EntryPoint = "lstat", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int DarwinLstat(string path, [Out] byte[] buffer);

    [LibraryImport("libSystem.dylib", EntryPoint = "lstat$INODE64", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int DarwinLstatInode64(string path, [Out] byte[] buffer);
}
