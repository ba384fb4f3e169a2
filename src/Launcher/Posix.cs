using System.Runtime.InteropServices;

namespace AeUpdater.Launcher;

/// <summary>The few libc calls the launcher needs on Unix: a lock descriptor that survives <c>execve</c>, and <c>execve</c>.</summary>
internal static unsafe partial class Posix
{
    public const int ORdOnly = 0;
    public const int LockSh = 1;
    public const int LockNb = 4;
    public const int EIntr = 4;

    [LibraryImport("libc", EntryPoint = "open", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    public static partial int Open(string path, int flags);

    [LibraryImport("libc", EntryPoint = "flock", SetLastError = true)]
    public static partial int Flock(int fd, int operation);

    [LibraryImport("libc", EntryPoint = "close", SetLastError = true)]
    public static partial int Close(int fd);

    [LibraryImport("libc", EntryPoint = "execve", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    public static partial int Execve(string path, nint* argv, nint* envp);

    [LibraryImport("libc", EntryPoint = "strerror")]
    private static partial nint StrError(int errnum);

    public static string Describe(int errno) => (Marshal.PtrToStringUTF8(StrError(errno)) ?? "error") + " (errno " + errno + ")";

    /// <summary>Replaces this process with <paramref name="path"/>; returns only on failure, with errno.</summary>
    public static int Exec(string path, IReadOnlyList<string> argv, IReadOnlyList<string> envp)
    {
        var args = new nint[argv.Count + 1];
        var env = new nint[envp.Count + 1];
        try
        {
            for (var i = 0; i < argv.Count; i++)
            {
                args[i] = Marshal.StringToCoTaskMemUTF8(argv[i]);
            }

            for (var i = 0; i < envp.Count; i++)
            {
                env[i] = Marshal.StringToCoTaskMemUTF8(envp[i]);
            }

            fixed (nint* a = args)
            fixed (nint* e = env)
            {
                Execve(path, a, e);
                return Marshal.GetLastPInvokeError();
            }
        }
        finally
        {
            foreach (var p in args)
            {
                Marshal.FreeCoTaskMem(p);
            }

            foreach (var p in env)
            {
                Marshal.FreeCoTaskMem(p);
            }
        }
    }
}
