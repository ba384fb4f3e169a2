using AeUpdater.Planning;

namespace AeUpdater.Operations;

/// <summary>
/// Applies one planned operation with the file semantics of SPEC §3.3 (on Linux through <see cref="HandleOperator"/>:
/// directory handles, no link followed; elsewhere, and for dry runs, with the path-based calls below): new content goes to a hidden temporary file in the
/// destination folder, is flushed, then renamed into place; non-over kinds never replace an existing destination.
/// </summary>
internal static class FileOperator
{
    /// <summary>The suffix of AeUpdater's temporary files (hidden: their names start with a dot).</summary>
    public const string TempSuffix = ".aeupd-tmp";

    public static FileOperationReport Apply(PlannedOperation op, int index, ExecutionSettings settings, OperationState state)
    {
        try
        {
            if (HandleOperator.Applies(op, settings))
            {
                return HandleOperator.Apply(op, index, settings, state);
            }

            var early = Precheck(op, settings, state, out var parent);
            if (early is not null)
            {
                return early;
            }

            return op.IsMove ? Move(op, index, parent, settings, state) : Copy(op, index, parent, settings);
        }
        catch (FileNotFoundException e) when (e.FileName == op.Source)
        {
            return Report(op, OperationOutcome.Failed, SourceGone);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return Report(op, OperationOutcome.Failed, e.Message);
        }
    }

    /// <summary>
    /// The first half of a batched copy: the checks, then the content in a hidden temporary file next to the destination,
    /// not yet flushed. Returns the final report when there is nothing to copy (or it failed), else <see langword="null"/>
    /// and the temporary file for <see cref="CompleteCopy"/>.
    /// </summary>
    public static FileOperationReport? BeginCopy(PlannedOperation op, int index, ExecutionSettings settings, OperationState state, out TempFile? temp)
    {
        temp = null;
        try
        {
            if (HandleOperator.Applies(op, settings))
            {
                return HandleOperator.BeginCopy(op, index, settings, state, out temp);
            }

            var early = Precheck(op, settings, state, out var parent) ?? CopyPrecheck(op);
            if (early is not null)
            {
                return early;
            }

            var path = CreateTempCopy(op.Source, index, parent, settings, flush: false);
            temp = new TempFile(path, -1, Path.GetFileName(path));
            return null;
        }
        catch (FileNotFoundException e) when (e.FileName == op.Source)
        {
            return Report(op, OperationOutcome.Failed, SourceGone);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return Report(op, OperationOutcome.Failed, e.Message);
        }
    }

    /// <summary>The second half of a batched copy, after the batch's data was flushed: the rename into place.</summary>
    public static FileOperationReport CompleteCopy(PlannedOperation op, TempFile tempFile, ExecutionSettings settings)
    {
        if (tempFile.DirectoryFd >= 0)
        {
            return HandleOperator.CompleteCopy(op, tempFile, settings);
        }

        var temp = tempFile.Path;
        FileOperationReport? report = null;
        try
        {
            report = RenameCopy(op, temp, Path.GetDirectoryName(op.Destination)!, settings);
            return report;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return Report(op, OperationOutcome.Failed, e.Message);
        }
        finally
        {
            if (report?.Outcome != OperationOutcome.Copied)
            {
                DeleteQuietly(temp);
            }
        }
    }

    /// <summary>Checks shared by every operation; creates the destination's folders. A report when the operation ends here.</summary>
    private static FileOperationReport? Precheck(PlannedOperation op, ExecutionSettings settings, OperationState state, out string parent)
    {
        parent = Path.GetDirectoryName(op.Destination)!;
        if (op.Error is not null)
        {
            return Report(op, OperationOutcome.Failed, op.Error);
        }

        if (op.SourceIsLink || Inspect(op.Source) == DestinationState.Link)
        {
            return Report(op, OperationOutcome.Skipped, "the source is a symbolic link; drop-ins ship regular files, so it is not applied");
        }

        if (!state.KnownDirectories.Contains(parent))
        {
            var parentError = PrepareParent(parent, settings.DryRun);
            if (parentError is not null)
            {
                return Report(op, OperationOutcome.Failed, parentError);
            }

            if (!settings.DryRun)
            {
                state.KnownDirectories.Add(parent);
            }
        }

        if (settings.DryRun)
        {
            return DryRun(op);
        }

        state.Touched.Add(parent);
        return null;
    }

    /// <summary>What is at <paramref name="path"/> (one <c>lstat</c>); a symbolic link, even a dangling one, is <see cref="DestinationState.Link"/>.</summary>
    public static DestinationState Inspect(string path)
    {
        var attributes = new FileInfo(path).Attributes;
        if ((int)attributes == -1)
        {
            return DestinationState.Missing;
        }

        if ((attributes & FileAttributes.ReparsePoint) != 0)
        {
            return DestinationState.Link;
        }

        return (attributes & FileAttributes.Directory) != 0 ? DestinationState.Directory : DestinationState.File;
    }

    /// <summary>Whether <paramref name="name"/> is one of AeUpdater's temporary files.</summary>
    public static bool IsTempName(string name) => name.StartsWith('.') && name.EndsWith(TempSuffix, StringComparison.Ordinal);

    private const string SourceGone = "the source file is gone (removed after the folder was scanned)";

    private static string FolderConflict(PlannedOperation op) => $"a folder exists where the file goes ('{op.Destination}'); nothing was changed";

    private static FileOperationReport DryRun(PlannedOperation op)
    {
        if (!File.Exists(op.Source))
        {
            return Report(op, OperationOutcome.Failed, SourceGone);
        }

        return Inspect(op.Destination) switch
        {
            DestinationState.Directory => Report(op, OperationOutcome.Failed, FolderConflict(op)),
            DestinationState.File or DestinationState.Link when !op.Overwrite => Report(op, OperationOutcome.Skipped, null),
            _ => Report(op, OperationOutcome.Planned, null),
        };
    }

    private static FileOperationReport Copy(PlannedOperation op, int index, string parent, ExecutionSettings settings)
    {
        var early = CopyPrecheck(op);
        if (early is not null)
        {
            return early;
        }

        var temp = CreateTempCopy(op.Source, index, parent, settings, flush: settings.FlushToDisk);
        FileOperationReport? report = null;
        try
        {
            report = RenameCopy(op, temp, parent, settings);
            return report;
        }
        finally
        {
            if (report?.Outcome != OperationOutcome.Copied)
            {
                DeleteQuietly(temp);
            }
        }
    }

    /// <summary>Checked before copying, so that an existing destination costs no copy; the no-replace rename is what makes it safe.</summary>
    private static FileOperationReport? CopyPrecheck(PlannedOperation op) => Inspect(op.Destination) switch
    {
        DestinationState.Directory => Report(op, OperationOutcome.Failed, FolderConflict(op)),
        DestinationState.File or DestinationState.Link when !op.Overwrite => Report(op, OperationOutcome.Skipped, null),
        _ => null,
    };

    private static FileOperationReport RenameCopy(PlannedOperation op, string temp, string parent, ExecutionSettings settings)
    {
        var result = op.Overwrite ? AtomicRename.Replace(temp, op.Destination) : AtomicRename.NoReplace(temp, op.Destination);
        switch (result)
        {
            case RenameResult.DestinationExists:
                return Report(op, OperationOutcome.Skipped, "the destination appeared while the file was being copied; it was kept");
            case RenameResult.DestinationIsDirectory:
                return Report(op, OperationOutcome.Failed, FolderConflict(op));
            case RenameResult.NotFound:
                return Report(op, OperationOutcome.Failed, $"the folder '{parent}' was removed while the file was being copied");
        }

        settings.Step("copy:renamed");
        return Report(op, OperationOutcome.Copied, null);
    }

    private static FileOperationReport Move(PlannedOperation op, int index, string parent, ExecutionSettings settings, OperationState state)
    {
        settings.Step("move:before-rename");

        // The rename itself is the check: no-replace fails with EEXIST, a folder in the way with EISDIR, a source removed
        // meanwhile with ENOENT. Nothing is looked at before, so a move costs one system call.
        var result = Rename(op);
        if (result == RenameResult.NotFound && File.Exists(op.Source))
        {
            // The destination's folder vanished after this run created or saw it: make it again, once.
            state.KnownDirectories.Remove(parent);
            var parentError = PrepareParent(parent, dryRun: false);
            if (parentError is not null)
            {
                return Report(op, OperationOutcome.Failed, parentError);
            }

            state.KnownDirectories.Add(parent);
            result = Rename(op);
        }

        switch (result)
        {
            case RenameResult.NotFound:
                return Report(op, OperationOutcome.Failed, SourceGone);
            case RenameResult.DestinationIsDirectory:
                return Report(op, OperationOutcome.Failed, FolderConflict(op));
            case RenameResult.DestinationExists:
                return Inspect(op.Destination) == DestinationState.Directory
                    ? Report(op, OperationOutcome.Failed, FolderConflict(op))
                    : Report(op, OperationOutcome.Skipped, null);
            case RenameResult.CrossDevice:
                return MoveAcrossFileSystems(op, index, parent, settings);
        }

        state.Touched.Add(Path.GetDirectoryName(op.Source)!);
        settings.Step("move:renamed");
        return Report(op, OperationOutcome.Moved, null);
    }

    private static RenameResult Rename(PlannedOperation op) =>
        op.Overwrite ? AtomicRename.Replace(op.Source, op.Destination) : AtomicRename.NoReplace(op.Source, op.Destination);

    /// <summary>
    /// Another file system: copy to a temporary file next to the destination, rename it into place, then delete the
    /// source. A crash leaves the source (and at worst the complete destination too, which recovery resolves).
    /// </summary>
    private static FileOperationReport MoveAcrossFileSystems(PlannedOperation op, int index, string parent, ExecutionSettings settings)
    {
        if (Inspect(op.Destination) == DestinationState.Directory)
        {
            return Report(op, OperationOutcome.Failed, FolderConflict(op));
        }

        var temp = CreateTempCopy(op.Source, index, parent, settings, flush: settings.FlushToDisk);
        try
        {
            var result = op.Overwrite ? AtomicRename.Replace(temp, op.Destination) : AtomicRename.NoReplace(temp, op.Destination);
            switch (result)
            {
                case RenameResult.DestinationExists:
                    return Report(op, OperationOutcome.Skipped, null);
                case RenameResult.DestinationIsDirectory:
                    return Report(op, OperationOutcome.Failed, FolderConflict(op));
                case RenameResult.NotFound:
                    return Report(op, OperationOutcome.Failed, $"the folder '{parent}' was removed while the file was being copied");
            }

            settings.Step("move:copied");
            File.Delete(op.Source);
        }
        finally
        {
            DeleteQuietly(temp);
        }

        settings.Step("move:renamed");
        return Report(op, OperationOutcome.Moved, null);
    }

    private static string CreateTempCopy(string sourcePath, int index, string parent, ExecutionSettings settings, bool flush)
    {
        var name = TempNames.For(Path.GetFileName(sourcePath), settings.RunId, index)
            ?? throw new IOException("no temporary file name can be formed for this file");
        var temp = Path.Join(parent, name);
        try
        {
            // File.Copy uses the kernel's copy offload (reflink / copy_file_range) and copies the permission bits.
            File.Copy(sourcePath, temp, overwrite: false);
            File.SetLastWriteTimeUtc(temp, File.GetLastWriteTimeUtc(sourcePath));
            if (flush)
            {
                using var stream = new FileStream(temp, FileMode.Open, FileAccess.Write, FileShare.ReadWrite);
                stream.Flush(flushToDisk: true);
            }

            settings.Step("copy:temp-written");
            return temp;
        }
        catch
        {
            DeleteQuietly(temp);
            throw;
        }
    }

    private static string? PrepareParent(string parent, bool dryRun)
    {
        if (Directory.Exists(parent))
        {
            return null;
        }

        var missing = new Stack<string>();
        for (var dir = parent; dir is not null && !Directory.Exists(dir); dir = Path.GetDirectoryName(dir))
        {
            if (File.Exists(dir) || new FileInfo(dir).LinkTarget is not null)
            {
                return $"a file is where the folder '{dir}' should be; nothing was changed";
            }

            missing.Push(dir);
        }

        if (!dryRun)
        {
            while (missing.Count > 0)
            {
                Directory.CreateDirectory(missing.Pop());
            }
        }

        return null;
    }

    private static void DeleteQuietly(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // A leftover hidden temporary file is harmless; the next run's recovery removes it.
        }
    }

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
