using System.Collections.Concurrent;
using System.Runtime.InteropServices;

namespace AeUpdater.Operations;

/// <summary>
/// Renames that are atomic or do not happen: no-replace (an existing destination, even one created a moment ago
/// by another process, is never replaced) and replace (readers see the old file or the new one). Unlike
/// <see cref="File.Move(string, string, bool)"/> they never fall back to a copy across file systems; they say so.
/// </summary>
internal static class AtomicRename
{
    private static readonly bool IsUnix = !OperatingSystem.IsWindows();
    private static readonly bool HasRenameAt2 = OperatingSystem.IsLinux();

    /// <summary>Renames <paramref name="source"/> to <paramref name="destination"/> unless the destination exists.</summary>
    public static RenameResult NoReplace(string source, string destination)
    {
        if (!IsUnix)
        {
            return WindowsMove(source, destination, overwrite: false);
        }

        if (HasRenameAt2)
        {
            if (NativeMethods.RenameAt2(NativeMethods.AtFdCwd, source, NativeMethods.AtFdCwd, destination, NativeMethods.RenameNoReplace) == 0)
            {
                return RenameResult.Done;
            }

            var errno = Marshal.GetLastPInvokeError();
            switch (errno)
            {
                case NativeMethods.EEXIST:
                    return RenameResult.DestinationExists;
                case NativeMethods.EXDEV:
                    return RenameResult.CrossDevice;
                case NativeMethods.ENOENT:
                    return RenameResult.NotFound;
                case NativeMethods.EINVAL or NativeMethods.ENOSYS or NativeMethods.ENOTSUPLinux:
                    break; // the file system has no RENAME_NOREPLACE: link + unlink below
                default:
                    throw Error(errno, "rename", source, destination);
            }
        }

        // link(2) fails with EEXIST if the destination exists: atomic no-replace; then the source name goes.
        if (NativeMethods.Link(source, destination) == 0)
        {
            if (NativeMethods.Unlink(source) != 0)
            {
                throw Error(Marshal.GetLastPInvokeError(), "unlink", source, destination);
            }

            return RenameResult.Done;
        }

        var linkErrno = Marshal.GetLastPInvokeError();
        return linkErrno switch
        {
            NativeMethods.EEXIST => RenameResult.DestinationExists,
            NativeMethods.EXDEV => RenameResult.CrossDevice,
            NativeMethods.ENOENT => RenameResult.NotFound,
            _ => throw Error(linkErrno, "link", source, destination),
        };
    }

    /// <summary>Renames <paramref name="source"/> to <paramref name="destination"/>, replacing it atomically (a symbolic link is replaced, never its target).</summary>
    public static RenameResult Replace(string source, string destination)
    {
        if (!IsUnix)
        {
            return WindowsMove(source, destination, overwrite: true);
        }

        if (NativeMethods.Rename(source, destination) == 0)
        {
            return RenameResult.Done;
        }

        var errno = Marshal.GetLastPInvokeError();
        if (errno is NativeMethods.EISDIR or NativeMethods.EEXIST || errno == NativeMethods.ENOTEMPTY)
        {
            return RenameResult.DestinationIsDirectory; // rename(2) never replaces a folder with a file
        }

        return errno switch
        {
            NativeMethods.EXDEV => RenameResult.CrossDevice,
            NativeMethods.ENOENT => RenameResult.NotFound,
            _ => throw Error(errno, "rename", source, destination),
        };
    }

    private static RenameResult WindowsMove(string source, string destination, bool overwrite)
    {
        // Windows: MoveFileEx without MOVEFILE_COPY_ALLOWED is atomic on one volume and fails with
        // ERROR_NOT_SAME_DEVICE across volumes; .NET's File.Move maps to it.
        const int ErrorAlreadyExists = unchecked((int)0x800700B7);
        const int ErrorFileExists = unchecked((int)0x80070050);
        const int ErrorNotSameDevice = unchecked((int)0x80070011);
        try
        {
            File.Move(source, destination, overwrite);
            return RenameResult.Done;
        }
        catch (IOException e) when (!overwrite && e.HResult is ErrorAlreadyExists or ErrorFileExists)
        {
            return RenameResult.DestinationExists;
        }
        catch (IOException e) when (e.HResult == ErrorNotSameDevice)
        {
            return RenameResult.CrossDevice;
        }
        catch (FileNotFoundException)
        {
            return RenameResult.NotFound;
        }
        catch (DirectoryNotFoundException)
        {
            return RenameResult.NotFound;
        }
        catch (UnauthorizedAccessException) when (Directory.Exists(destination))
        {
            return RenameResult.DestinationIsDirectory;
        }
    }

    private static IOException Error(int errno, string call, string source, string destination) =>
        new($"{call} '{source}' -> '{destination}' failed: {Marshal.GetPInvokeErrorMessage(errno)} (errno {errno}).", errno);

    /// <summary>
    /// Flushes the data of many new files at once: on Linux one <c>syncfs</c> per file system they are on (one journal
    /// commit instead of one per file), elsewhere an fsync of each file.
    /// </summary>
    public static void FlushFiles(IReadOnlyCollection<string> files)
    {
        if (files.Count == 0)
        {
            return;
        }

        if (OperatingSystem.IsLinux())
        {
            // One per folder, as folders may be on different file systems; after the first, the others on the same file
            // system have nothing left to write and return at once.
            foreach (var directory in files.Select(Path.GetDirectoryName).OfType<string>().Distinct(StringComparer.Ordinal))
            {
                var fd = NativeMethods.Open(directory, 0 /* O_RDONLY */);
                if (fd < 0)
                {
                    throw Error(Marshal.GetLastPInvokeError(), "open", directory, directory);
                }

                try
                {
                    if (NativeMethods.SyncFs(fd) != 0)
                    {
                        throw Error(Marshal.GetLastPInvokeError(), "syncfs", directory, directory);
                    }
                }
                finally
                {
                    _ = NativeMethods.Close(fd);
                }
            }

            return;
        }

        foreach (var file in files)
        {
            using var stream = new FileStream(file, FileMode.Open, FileAccess.Write, FileShare.ReadWrite);
            stream.Flush(flushToDisk: true);
        }
    }

    /// <summary>At most this many folders are flushed at once by <see cref="FlushDirectories(IReadOnlyCollection{string})"/>.</summary>
    internal const int ConcurrentFlushes = 8;

    /// <summary>
    /// Flushes many folders' entries to disk (<see cref="FlushDirectory"/> each), up to <see cref="ConcurrentFlushes"/> at
    /// once, and returns when every one has finished. One at a time, each <c>fsync</c> of a folder waits for its own journal
    /// commit or disk cache flush (about 0.5 ms each on ext4, 100–120 ms for 200 folders, far more while another process
    /// writes); issued together, the file system serves them with one commit and the block layer merges their cache flushes.
    /// Each folder still gets its own <c>fsync</c>, so the promise does not depend on how a file system groups them.
    /// </summary>
    public static void FlushDirectories(IReadOnlyCollection<string> directories)
    {
        if (IsUnix)
        {
            FlushDirectories(directories, FlushExisting);
        }
    }

    /// <summary>
    /// <see cref="FlushDirectories(IReadOnlyCollection{string})"/> with <paramref name="flushExisting"/> flushing one
    /// folder (<see langword="false"/>: the folder does not exist); tests observe the calls through it.
    /// </summary>
    internal static void FlushDirectories(IReadOnlyCollection<string> directories, Func<string, bool> flushExisting)
    {
        // A folder that is gone (a move source this run emptied and removed) cannot be flushed; its removal is an entry
        // of its parent, so the nearest folder above it that still exists is flushed instead, once.
        var gone = new ConcurrentBag<string>();
        ForEachConcurrently(directories, directory =>
        {
            if (!flushExisting(directory))
            {
                gone.Add(directory);
            }
        }, ConcurrentFlushes);

        var parents = new HashSet<string>(StringComparer.Ordinal);
        foreach (var directory in gone)
        {
            for (var parent = Path.GetDirectoryName(directory); parent is not null; parent = Path.GetDirectoryName(parent))
            {
                if (directories.Contains(parent) || parents.Contains(parent) || flushExisting(parent))
                {
                    parents.Add(parent);
                    break;
                }
            }
        }
    }

    /// <summary>Flushes a folder's entries; <see langword="false"/> only when the folder does not exist (any other failure is ignored, as in <see cref="FlushDirectory"/>).</summary>
    internal static bool FlushExisting(string directory)
    {
        var fd = NativeMethods.Open(directory, 0 /* O_RDONLY */);
        if (fd < 0)
        {
            return Marshal.GetLastPInvokeError() != NativeMethods.ENOENT;
        }

        try
        {
            _ = NativeMethods.Fsync(fd);
            return true;
        }
        finally
        {
            _ = NativeMethods.Close(fd);
        }
    }

    /// <summary>
    /// Calls <paramref name="action"/> once for each item, on up to <paramref name="threads"/> threads (the calling thread
    /// is one of them), and returns when every call has returned; the first exception of a call is rethrown then.
    /// </summary>
    internal static void ForEachConcurrently(IReadOnlyCollection<string> items, Action<string> action, int threads)
    {
        var list = items as IReadOnlyList<string> ?? [.. items];
        var next = -1;
        Exception? failure = null;
        OnThreads(Math.Min(threads, list.Count), "ae-updater flush", _ =>
        {
            try
            {
                for (int i; (i = Interlocked.Increment(ref next)) < list.Count;)
                {
                    action(list[i]);
                }
            }
            catch (Exception e)
            {
                Interlocked.CompareExchange(ref failure, e, null);
            }
        });

        if (failure is not null)
        {
            System.Runtime.ExceptionServices.ExceptionDispatchInfo.Throw(failure);
        }
    }

    /// <summary>
    /// Runs <c>work(0)</c> on the calling thread and <c>work(1)</c> .. <c>work(threads - 1)</c> on threads of their own
    /// (fewer when no more can be started: the work is shared out by the callers, not by this method), and returns when
    /// every call has returned. <paramref name="work"/> catches its own exceptions: one thrown on another thread would end
    /// the process.
    /// </summary>
    internal static void OnThreads(int threads, string name, Action<int> work)
    {
        var helpers = new List<Thread>(Math.Max(0, threads - 1));
        try
        {
            for (var t = 1; t < threads; t++)
            {
                var index = t;
                var thread = new Thread(() => work(index), 256 * 1024) { IsBackground = true, Name = name };
                try
                {
                    thread.Start();
                }
                catch (OutOfMemoryException)
                {
                    break; // no thread to spare: the threads started and this one do the rest
                }

                helpers.Add(thread);
            }

            work(0);
        }
        finally
        {
            foreach (var thread in helpers)
            {
                thread.Join();
            }
        }
    }

    /// <summary>Flushes a directory's entries to disk (after renames into it), where the platform allows it.</summary>
    public static void FlushDirectory(string directory)
    {
        if (!IsUnix)
        {
            return; // NTFS journals metadata; there is no directory fsync on Windows.
        }

        _ = FlushExisting(directory);
    }
}
