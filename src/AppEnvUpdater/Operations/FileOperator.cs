using System.Security.Cryptography;
using AeUpdater.Planning;

namespace AeUpdater.Operations;

/// <summary>
/// Applies one planned operation with the file semantics of SPEC §3.3: new content goes to a hidden temporary file in the
/// destination folder, is flushed, then renamed into place; non-over kinds never replace an existing destination.
/// </summary>
internal static class FileOperator
{
    /// <summary>The suffix of AeUpdater's temporary files (hidden: their names start with a dot).</summary>
    public const string TempSuffix = ".aeupd-tmp";

    public static FileOperationReport Apply(PlannedOperation op, ExecutionSettings settings, ISet<string> touchedDirectories)
    {
        if (op.Error is not null)
        {
            return Report(op, OperationOutcome.Failed, op.Error);
        }

        if (op.SourceIsLink)
        {
            return Report(op, OperationOutcome.Skipped, "the source is a symbolic link; drop-ins ship regular files, so it is not applied");
        }

        try
        {
            var source = new FileInfo(op.Source);
            if (!source.Exists)
            {
                return Report(op, OperationOutcome.Failed, "the source file is gone (removed after the folder was scanned)");
            }

            var parent = Path.GetDirectoryName(op.Destination)!;
            var parentError = PrepareParent(parent, settings.DryRun);
            if (parentError is not null)
            {
                return Report(op, OperationOutcome.Failed, parentError);
            }

            switch (Inspect(op.Destination))
            {
                case DestinationState.Directory:
                    return Report(op, OperationOutcome.Failed, $"a folder exists where the file goes ('{op.Destination}'); nothing was changed");
                case DestinationState.File or DestinationState.Link when !op.Overwrite:
                    return Report(op, OperationOutcome.Skipped, null);
            }

            if (settings.DryRun)
            {
                return Report(op, OperationOutcome.Planned, null);
            }

            touchedDirectories.Add(parent);
            if (op.IsMove)
            {
                touchedDirectories.Add(Path.GetDirectoryName(op.Source)!);
                return Move(op, source, parent, settings);
            }

            return Copy(op, source, parent, settings);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return Report(op, OperationOutcome.Failed, e.Message);
        }
    }

    /// <summary>What is at <paramref name="path"/>; a symbolic link (even a dangling one) is <see cref="DestinationState.Link"/>.</summary>
    public static DestinationState Inspect(string path)
    {
        var info = new FileInfo(path);
        if (info.LinkTarget is not null)
        {
            return DestinationState.Link;
        }

        if (info.Exists)
        {
            return DestinationState.File;
        }

        return Directory.Exists(path) ? DestinationState.Directory : DestinationState.Missing;
    }

    /// <summary>Whether <paramref name="name"/> is one of AeUpdater's temporary files.</summary>
    public static bool IsTempName(string name) => name.StartsWith('.') && name.EndsWith(TempSuffix, StringComparison.Ordinal);

    private static FileOperationReport Copy(PlannedOperation op, FileInfo source, string parent, ExecutionSettings settings)
    {
        var temp = CreateTempCopy(op.Source, source, parent, settings);
        try
        {
            var result = op.Overwrite ? AtomicRename.Replace(temp, op.Destination) : AtomicRename.NoReplace(temp, op.Destination);
            if (result == RenameResult.DestinationExists)
            {
                return Report(op, OperationOutcome.Skipped, "the destination appeared while the file was being copied; it was kept");
            }

            settings.Step("copy:renamed");
            return Report(op, OperationOutcome.Copied, null);
        }
        finally
        {
            DeleteQuietly(temp);
        }
    }

    private static FileOperationReport Move(PlannedOperation op, FileInfo source, string parent, ExecutionSettings settings)
    {
        settings.Step("move:before-rename");
        var result = op.Overwrite ? AtomicRename.Replace(op.Source, op.Destination) : AtomicRename.NoReplace(op.Source, op.Destination);
        if (result == RenameResult.CrossDevice)
        {
            // Another file system: copy to a temporary file next to the destination, rename it into place, then
            // delete the source. A crash leaves the source (and at worst the complete destination too).
            var temp = CreateTempCopy(op.Source, source, parent, settings);
            try
            {
                result = op.Overwrite ? AtomicRename.Replace(temp, op.Destination) : AtomicRename.NoReplace(temp, op.Destination);
                if (result == RenameResult.Done)
                {
                    settings.Step("move:copied");
                    File.Delete(op.Source);
                }
            }
            finally
            {
                DeleteQuietly(temp);
            }
        }

        if (result == RenameResult.DestinationExists)
        {
            return Report(op, OperationOutcome.Skipped, null);
        }

        settings.Step("move:renamed");
        return Report(op, OperationOutcome.Moved, null);
    }

    private static string CreateTempCopy(string sourcePath, FileInfo source, string parent, ExecutionSettings settings)
    {
        var temp = TempPath(parent, Path.GetFileName(sourcePath));
        try
        {
            // File.Copy uses the kernel's copy offload (reflink / copy_file_range) and copies the permission bits.
            File.Copy(sourcePath, temp, overwrite: false);
            File.SetLastWriteTimeUtc(temp, source.LastWriteTimeUtc);
            if (settings.FlushToDisk)
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

    private static string TempPath(string directory, string fileName)
    {
        var stem = fileName.Length > 96 ? fileName[..96] : fileName;
        var random = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(6));
        return Path.Join(directory, $".{stem}.{random}{TempSuffix}");
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
