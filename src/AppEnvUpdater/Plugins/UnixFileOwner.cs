using System.Runtime.InteropServices;
using AeUpdater.Placeholders;

namespace AeUpdater.Plugins;

/// <summary>
/// Reads the owner of a file and the process's effective user id on Unix, which .NET has no API for
/// (<see cref="File.GetUnixFileMode(string)"/> gives the mode only).
/// </summary>
/// <remarks>
/// Linux uses <c>statx</c>, whose <c>struct statx</c> has the same layout on every architecture (x64, arm64, ...),
/// unlike <c>struct stat</c>; macOS uses <c>lstat</c> with the 64-bit-inode layout. Other systems fail closed.
/// Symbolic links are not followed: the owner is the link's own.
/// </remarks>
internal static class UnixFileOwner
{
    private const int AtFdCwd = -100;
    private const int AtSymlinkNoFollow = 0x100;
    private const uint StatxUid = 0x8;
    private const int StatxSize = 256;
    private const int StatxUidOffset = 20;

    // struct stat with _DARWIN_FEATURE_64_BIT_INODE: st_dev (4), st_mode (2), st_nlink (2), st_ino (8), st_uid.
    private const int DarwinStatSize = 144;
    private const int DarwinUidOffset = 16;

    /// <summary>The effective user id of this process.</summary>
    /// <returns>The uid.</returns>
    /// <exception cref="PlatformNotSupportedException">Not Linux nor macOS.</exception>
    public static uint EffectiveUserId()
    {
        if (OperatingSystem.IsLinux())
        {
            return NativeMethods.LinuxGetEuid();
        }

        if (OperatingSystem.IsMacOS())
        {
            return NativeMethods.DarwinGetEuid();
        }

        throw new PlatformNotSupportedException("Reading the effective user id is supported on Linux and macOS only.");
    }

    /// <summary>Reads the owner of <paramref name="path"/> (not following a symbolic link).</summary>
    /// <param name="path">The file or folder.</param>
    /// <param name="owner">Its owner's uid.</param>
    /// <param name="error">Why it could not be read.</param>
    /// <returns>Whether the owner was read.</returns>
    public static bool TryGetOwner(string path, out uint owner, out string? error)
    {
        owner = 0;
        error = null;
        var nativePath = ToNative(path);
        try
        {
            if (OperatingSystem.IsLinux())
            {
                var buffer = new byte[StatxSize];
                if (NativeMethods.LinuxStatx(AtFdCwd, nativePath, AtSymlinkNoFollow, StatxUid, buffer) != 0)
                {
                    error = $"cannot read the owner of {path} (errno {Marshal.GetLastPInvokeError()})";
                    return false;
                }

                var mask = BitConverter.ToUInt32(buffer, 0);
                if ((mask & StatxUid) == 0)
                {
                    error = $"the file system does not report the owner of {path}";
                    return false;
                }

                owner = BitConverter.ToUInt32(buffer, StatxUidOffset);
                return true;
            }

            if (OperatingSystem.IsMacOS())
            {
                var buffer = new byte[DarwinStatSize];
                var result = RuntimeInformation.ProcessArchitecture == Architecture.X64
                    ? NativeMethods.DarwinLstatInode64(nativePath, buffer)
                    : NativeMethods.DarwinLstat(nativePath, buffer);
                if (result != 0)
                {
                    error = $"cannot read the owner of {path} (errno {Marshal.GetLastPInvokeError()})";
                    return false;
                }

                owner = BitConverter.ToUInt32(buffer, DarwinUidOffset);
                return true;
            }
        }
        catch (Exception ex) when (ex is EntryPointNotFoundException or DllNotFoundException)
        {
            error = $"cannot read the owner of {path} on this system ({ex.GetType().Name})";
            return false;
        }

        error = $"cannot read the owner of {path}: supported on Linux and macOS only";
        return false;
    }

    private static byte[] ToNative(string path) => FastUnix.Encode(path);

    private static class NativeMethods
    {
        private const string LinuxLibc = "libc";
        private const string DarwinLibc = "libSystem.dylib";

        [DllImport(LinuxLibc, EntryPoint = "geteuid")]
        [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
        public static extern uint LinuxGetEuid();

        [DllImport(LinuxLibc, EntryPoint = "statx", SetLastError = true)]
        [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
        public static extern int LinuxStatx(int dirFd, byte[] path, int flags, uint mask, byte[] buffer);

        [DllImport(DarwinLibc, EntryPoint = "geteuid")]
        [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
        public static extern uint DarwinGetEuid();

        [DllImport(DarwinLibc, EntryPoint = "lstat", SetLastError = true)]
        [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
        public static extern int DarwinLstat(byte[] path, byte[] buffer);

        [DllImport(DarwinLibc, EntryPoint = "lstat$INODE64", SetLastError = true)]
        [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
        public static extern int DarwinLstatInode64(byte[] path, byte[] buffer);
    }
}
