using AeUpdater.Planning;

namespace AeUpdater.Operations;

/// <summary>A temporary file that holds a copy before its rename into place.</summary>
/// <param name="Path">Its path (for reports and path-based flushes).</param>
/// <param name="DirectoryFd">The handle of its folder (Linux), or -1.</param>
/// <param name="Name">Its name in that folder.</param>
internal sealed record TempFile(string Path, int DirectoryFd, string Name);

/// <summary>
/// The file operations on Linux, done on what was checked: both folders are entered from <c>/</c> along their real
/// paths with <c>O_NOFOLLOW</c> (a folder swapped for a link after planning is not followed), the source is examined
/// with <c>statx</c> without following and only a regular file is acted on (a FIFO, device or socket is never opened),
/// it is read from a handle opened with <c>O_NOFOLLOW</c> and checked to be the same file, the temporary file is created
/// with <c>O_CREAT | O_EXCL | O_NOFOLLOW</c>, and renames are between directory handles (<c>renameat2</c>).
/// </summary>
internal static class HandleOperator
{
    /// <summary>Whether this operation is done here (Linux, not a dry run, planned with real paths).</summary>
    public static bool Applies(PlannedOperation op, ExecutionSettings settings) =>
        Posix.Supported && !settings.DryRun && op.Error is null && !op.SourceIsLink && op.RealDestination is not null && op.Rule.Target is not null;

    public static FileOperationReport Apply(PlannedOperation op, int index, ExecutionSettings settings, OperationState state)
    {
        var early = Prepare(op, settings, state, out var f);
        if (early is not null)
        {
            return early;
        }

        return op.IsMove ? Move(op, index, f, settings, state) : Copy(op, index, f, settings);
    }

    /// <summary>The first half of a batched copy (see <see cref="FileOperator.BeginCopy"/>).</summary>
    public static FileOperationReport? BeginCopy(PlannedOperation op, int index, ExecutionSettings settings, OperationState state, out TempFile? temp)
    {
        temp = null;
        var early = Prepare(op, settings, state, out var f) ?? CopyPrecheck(op, f);
        if (early is not null)
        {
            return early;
        }

        return CreateTemp(op, index, f, settings, flush: false, out temp, out _);
    }

    /// <summary>The second half of a batched copy: the rename into place (the temporary file goes if it is not renamed).</summary>
    public static FileOperationReport CompleteCopy(PlannedOperation op, TempFile temp, ExecutionSettings settings)
    {
        var report = RenameTemp(op, temp, Path.GetFileName(op.RealDestination!), op.Overwrite);
        if (report is null)
        {
            settings.Step("copy:renamed");
            return Report(op, OperationOutcome.Copied, null);
        }

        _ = Posix.UnlinkAt(temp.DirectoryFd, temp.Name);
        return report;
    }

    /// <summary>The two folders and the source's <c>statx</c>, in the order that keeps a move at two system calls.</summary>
    private readonly record struct Files(int SourceDir, string SourceName, int DestinationDir, string DestinationName, StatInfo Source, string SourceParent);

    private static FileOperationReport? Prepare(PlannedOperation op, ExecutionSettings settings, OperationState state, out Files files)
    {
        files = default;
        var target = op.Rule.Target!;
        if (!state.RuleChecks.TryGetValue(op.Rule, out var ruleError))
        {
            ruleError = CheckRuleTarget(target, state);
            state.RuleChecks[op.Rule] = ruleError;
        }

        if (ruleError is not null)
        {
            return Report(op, OperationOutcome.Failed, ruleError);
        }

        var realSource = op.RealSource;
        var srcFd = state.Handles.OpenParentOf(realSource, int.MaxValue, create: false, out var sourceParent, out _, out var error);
        if (srcFd < 0)
        {
            return Report(op, OperationOutcome.Failed, $"the source cannot be reached: {error}");
        }

        var sourceName = Path.GetFileName(realSource);
        var errno = Posix.StatAt(srcFd, sourceName, out var info);
        if (errno != 0)
        {
            return Report(op, OperationOutcome.Failed, errno == Posix.ENOENT
                ? sourceName.Contains('\uFFFD', StringComparison.Ordinal)
                    ? "the file's name is not valid UTF-8, so it cannot be named exactly; it was not applied (rename it)"
                    : SourceGone
                : $"the source cannot be examined: {Posix.Message(errno)}");
        }

        if (info.IsLink)
        {
            return Report(op, OperationOutcome.Skipped, "the source is a symbolic link; drop-ins ship regular files, so it is not applied");
        }

        if (!info.IsRegular)
        {
            return Report(op, OperationOutcome.Skipped, $"the source is {info.Describe()}; drop-ins ship regular files, so it is not applied (it was not opened)");
        }

        var dstFd = state.Handles.OpenParentOf(op.RealDestination!, target.ExistingLength, create: true, out var destinationParent, out var forbidden, out error);
        if (dstFd < 0)
        {
            return Report(op, OperationOutcome.Failed, $"{error}; nothing was changed");
        }

        if (forbidden is not null)
        {
            return Report(op, OperationOutcome.Failed, $"the destination folder '{destinationParent}' is {forbidden}, or inside it; nothing is written there");
        }

        state.Touch(destinationParent);
        files = new Files(srcFd, sourceName, dstFd, Path.GetFileName(op.RealDestination!), info, sourceParent);
        return null;
    }

    /// <summary>Whether the rule's destination is still the folder planned (entered without links, same identity).</summary>
    private static string? CheckRuleTarget(ResolvedPath target, OperationState state)
    {
        var existing = target.RealPath[..target.ExistingLength];
        if (existing.Length == 0)
        {
            return null;
        }

        var fd = state.Handles.Open(existing, int.MaxValue, create: false, out var id, out _, out var error);
        if (fd < 0)
        {
            return $"the destination is not as planned: {error}; nothing is written there";
        }

        return target.ExistingId is { } planned && planned != id
            ? $"the destination folder '{existing}' was replaced by another folder after planning; nothing is written there"
            : null;
    }

    private static FileOperationReport? CopyPrecheck(PlannedOperation op, Files f)
    {
        var errno = Posix.StatAt(f.DestinationDir, f.DestinationName, out var existing);
        if (errno != 0)
        {
            return errno == Posix.ENOENT ? null : Report(op, OperationOutcome.Failed, $"the destination cannot be examined: {Posix.Message(errno)}");
        }

        return existing.IsDirectory ? Report(op, OperationOutcome.Failed, FolderConflict(op))
            : op.Overwrite ? null
            : Report(op, OperationOutcome.Skipped, null);
    }

    private static FileOperationReport Copy(PlannedOperation op, int index, Files f, ExecutionSettings settings)
    {
        var early = CopyPrecheck(op, f);
        if (early is not null)
        {
            return early;
        }

        early = CreateTemp(op, index, f, settings, settings.FlushToDisk, out var temp, out _);
        return early ?? CompleteCopy(op, temp!, settings);
    }

    private static FileOperationReport Move(PlannedOperation op, int index, Files f, ExecutionSettings settings, OperationState state)
    {
        settings.Step("move:before-rename");
        var errno = Rename(f.SourceDir, f.SourceName, f.DestinationDir, f.DestinationName, noReplace: !op.Overwrite);
        switch (errno)
        {
            case 0:
                state.Touch(f.SourceParent);
                settings.Step("move:renamed");
                return Report(op, OperationOutcome.Moved, null);
            case Posix.EEXIST:
                return Posix.StatAt(f.DestinationDir, f.DestinationName, out var there) == 0 && there.IsDirectory
                    ? Report(op, OperationOutcome.Failed, FolderConflict(op))
                    : Report(op, OperationOutcome.Skipped, null);
            case Posix.EISDIR or Posix.ENOTEMPTY:
                return Report(op, OperationOutcome.Failed, FolderConflict(op));
            case Posix.ENOENT:
                return Report(op, OperationOutcome.Failed, SourceGone);
            case Posix.EXDEV:
                return MoveAcrossFileSystems(op, index, f, settings, state);
            default:
                return Report(op, OperationOutcome.Failed, $"the file could not be moved: {Posix.Message(errno)}; it is still in the drop-in folder");
        }
    }

    /// <summary>
    /// Another file system: copy to a temporary file next to the destination (flushed, and its identity recorded in the
    /// journal), rename it into place, then delete the source if it is still the file that was copied. An over-move whose
    /// destination already holds the same bytes (a source that could not be deleted last time) is not copied again.
    /// </summary>
    private static FileOperationReport MoveAcrossFileSystems(PlannedOperation op, int index, Files f, ExecutionSettings settings, OperationState state)
    {
        var errno = Posix.StatAt(f.DestinationDir, f.DestinationName, out var existing);
        if (errno == 0 && existing.IsDirectory)
        {
            return Report(op, OperationOutcome.Failed, FolderConflict(op));
        }

        if (errno == 0 && !op.Overwrite)
        {
            return Report(op, OperationOutcome.Skipped, null);
        }

        if (errno == 0 && existing.IsRegular && SameFile(f, existing))
        {
            return DeleteSource(op, f, settings, state, "the destination already held the same bytes, so it was not written again");
        }

        var early = CreateTemp(op, index, f, settings, flush: settings.FlushToDisk, out var temp, out var tempId, identify: true);
        if (early is not null)
        {
            return early;
        }

        settings.MoveCopied?.Invoke(index, tempId);
        settings.Step("move:copy-recorded");
        var renamed = RenameTemp(op, temp!, f.DestinationName, op.Overwrite);
        if (renamed is not null)
        {
            _ = Posix.UnlinkAt(temp!.DirectoryFd, temp.Name);
            return renamed;
        }

        settings.Step("move:copied");
        return DeleteSource(op, f, settings, state, "the destination WAS written");
    }

    private static FileOperationReport DeleteSource(PlannedOperation op, Files f, ExecutionSettings settings, OperationState state, string written)
    {
        var errno = Posix.StatAt(f.SourceDir, f.SourceName, out var now);
        if (errno == 0 && now.Id != f.Source.Id)
        {
            return Report(op, OperationOutcome.Failed,
                $"the file was copied to its destination ({written}), but the source was replaced meanwhile; the new source is kept and applied at the next start");
        }

        errno = errno == 0 ? Posix.UnlinkAt(f.SourceDir, f.SourceName) : errno;
        if (errno is not 0 and not Posix.ENOENT)
        {
            return Report(op, OperationOutcome.Failed,
                $"moving across file systems: {written}, but the source could not be deleted ({Posix.Message(errno)}); it remains in the drop-in folder. "
                + "The next start does not write it again while the destination holds the same bytes");
        }

        state.Touch(f.SourceParent);
        settings.Step("move:renamed");
        return Report(op, OperationOutcome.Moved, null);
    }

    /// <summary>Whether the destination holds the source's bytes (same size and modification time, then compared).</summary>
    private static bool SameFile(Files f, StatInfo destination)
    {
        if (destination.Size != f.Source.Size || destination.MTimeSeconds != f.Source.MTimeSeconds || destination.MTimeNanoseconds != f.Source.MTimeNanoseconds)
        {
            return false;
        }

        var a = Posix.OpenAt(f.SourceDir, f.SourceName, Posix.ORdOnly | Posix.ONoFollow | Posix.ONonBlock);
        var b = Posix.OpenAt(f.DestinationDir, f.DestinationName, Posix.ORdOnly | Posix.ONoFollow | Posix.ONonBlock);
        try
        {
            return a >= 0 && b >= 0
                && Posix.StatFd(a, out var sa) == 0 && sa.Id == f.Source.Id
                && Posix.StatFd(b, out var sb) == 0 && sb.Id == destination.Id
                && Posix.SameContent(a, b, out _);
        }
        finally
        {
            _ = a >= 0 ? Posix.Close(a) : 0;
            _ = b >= 0 ? Posix.Close(b) : 0;
        }
    }

    /// <summary>The source's bytes, permission bits and modification time in a new temporary file; a report when it fails.</summary>
    private static FileOperationReport? CreateTemp(
        PlannedOperation op, int index, Files f, ExecutionSettings settings, bool flush, out TempFile? temp, out FileId tempId, bool identify = false)
    {
        temp = null;
        tempId = default;
        var name = TempNames.For(f.DestinationName, settings.RunId, index);
        if (name is null)
        {
            return Report(op, OperationOutcome.Failed, "no temporary file name can be formed for this file; it was not applied");
        }

        var input = Posix.OpenAt(f.SourceDir, f.SourceName, Posix.ORdOnly | Posix.ONoFollow | Posix.ONonBlock);
        if (input < 0)
        {
            var errno = Posix.LastError;
            return errno == Posix.ELOOP
                ? Report(op, OperationOutcome.Skipped, "the source became a symbolic link after it was examined; it was not followed")
                : Report(op, OperationOutcome.Failed, errno == Posix.ENOENT ? SourceGone : $"the source cannot be opened: {Posix.Message(errno)}");
        }

        var output = -1;
        var complete = false;
        try
        {
            if (Posix.StatFd(input, out var opened) != 0 || !opened.IsRegular || opened.Id != f.Source.Id)
            {
                return Report(op, OperationOutcome.Failed, "the source was replaced between its examination and its opening; it was not read");
            }

            output = Posix.OpenAt(f.DestinationDir, name, Posix.OWrOnly | Posix.OCreat | Posix.OExcl | Posix.ONoFollow, 0x180 /* 0600 */);
            if (output < 0)
            {
                return Report(op, OperationOutcome.Failed, $"the temporary file '{name}' cannot be created next to the destination: {Posix.Message(Posix.LastError)}; nothing was changed");
            }

            var errno = Posix.CopyData(input, output);
            errno = errno != 0 ? errno : Posix.FChmod(output, opened.Mode & 0x1ff);
            errno = errno != 0 ? errno : Posix.SetTimes(output, opened.MTimeSeconds, opened.MTimeNanoseconds);
            errno = errno != 0 || !flush ? errno : Posix.Fsync(output);
            errno = errno != 0 || !identify ? errno : Posix.StatFd(output, out var written) == 0 ? Ok(written, out tempId) : Posix.LastError;
            if (errno != 0)
            {
                return Report(op, OperationOutcome.Failed, $"the file could not be copied: {Posix.Message(errno)}; the destination is unchanged");
            }

            temp = new TempFile(Path.Join(Path.GetDirectoryName(op.RealDestination), name), f.DestinationDir, name);
            complete = true;
            settings.Step("copy:temp-written");
            return null;
        }
        finally
        {
            _ = Posix.Close(input);
            if (output >= 0)
            {
                _ = Posix.Close(output);
                if (!complete)
                {
                    _ = Posix.UnlinkAt(f.DestinationDir, name);
                }
            }
        }
    }

    private static int Ok(StatInfo info, out FileId id)
    {
        id = info.Id;
        return 0;
    }

    /// <summary>Renames the temporary file onto the destination; <see langword="null"/> when done, else the report.</summary>
    private static FileOperationReport? RenameTemp(PlannedOperation op, TempFile temp, string destinationName, bool overwrite)
    {
        var errno = Rename(temp.DirectoryFd, temp.Name, temp.DirectoryFd, destinationName, noReplace: !overwrite);
        return errno switch
        {
            0 => null,
            Posix.EEXIST when !overwrite => Report(op, OperationOutcome.Skipped, "the destination appeared while the file was being copied; it was kept"),
            Posix.EISDIR or Posix.ENOTEMPTY or Posix.EEXIST => Report(op, OperationOutcome.Failed, FolderConflict(op)),
            Posix.ENOENT => Report(op, OperationOutcome.Failed, $"the temporary file or its folder was removed while the file was being copied; the destination is unchanged"),
            _ => Report(op, OperationOutcome.Failed, $"the copy could not be renamed into place: {Posix.Message(errno)}; the destination is unchanged"),
        };
    }

    /// <summary><c>renameat2</c> between directory handles; no-replace falls back to <c>linkat</c> + <c>unlinkat</c> where the file system lacks it.</summary>
    private static int Rename(int fromDir, string fromName, int toDir, string toName, bool noReplace)
    {
        var errno = Posix.RenameAt(fromDir, fromName, toDir, toName, noReplace);
        if (!noReplace || errno is not (Posix.EINVAL or Posix.ENOSYS or Posix.EOPNOTSUPP))
        {
            return errno;
        }

        errno = Posix.LinkAt(fromDir, fromName, toDir, toName);
        return errno != 0 ? errno : Posix.UnlinkAt(fromDir, fromName);
    }

    private const string SourceGone = "the source file is gone (removed after the folder was scanned)";

    private static string FolderConflict(PlannedOperation op) => $"a folder exists where the file goes ('{op.Destination}'); nothing was changed";

    private static FileOperationReport Report(PlannedOperation op, OperationOutcome outcome, string? error) => new()
    {
        Kind = op.Kind,
        Folder = op.Rule.Folder,
        Source = op.Source,
        Destination = op.Destination,
        Outcome = outcome,
        Error = error,
    };
}
