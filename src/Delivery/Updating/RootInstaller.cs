using System.Text.Json;
using System.Text.Json.Nodes;
using AeUpdater.Delivery.Archives;

namespace AeUpdater.Delivery.Updating;

/// <summary>
/// Installs a verified tar into the app root, crash-safely. The files are extracted (checked whole first) into
/// <c>STATE/delivery/staging/</c>; then an intent record <c>STATE/delivery/apply.json</c> (the version, its tar hash
/// and every path) is written atomically; then each file is copied into a hidden temporary file beside its
/// destination, flushed and renamed over it, and only then removed from staging; at last <c>installed.json</c> and
/// the cached tar are replaced and the intent removed. The intent also holds the verified-files record (the SHA-256
/// and length of every file, hashed from the archive's bytes as they were extracted), which replaces
/// <c>STATE/verified-files.json</c> atomically just before <c>installed.json</c>. A crash before the intent exists leaves the root as it was
/// (the next call deletes the staging folder); a crash after it is rolled forward by <see cref="Recover"/>, which
/// redoes every file still in staging (each is idempotent) and finishes.
/// </summary>
internal sealed class RootInstaller(string root, string stateDirectory)
{
    public const string TempSuffix = ".aeupd-tmp";

    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };

    public string DeliveryDir => Path.Join(stateDirectory, "delivery");

    public string StagingDir => Path.Join(DeliveryDir, "staging");

    public string IntentPath => Path.Join(stateDirectory, AeUpdater.Plugins.VerifiedFiles.PendingApply);

    public string VerifiedFilesPath => AeUpdater.Plugins.VerifiedFiles.PathIn(stateDirectory);

    public string CurrentTarPath => Path.Join(DeliveryDir, "current.tar");

    public string NewTarPath => Path.Join(DeliveryDir, "new.tar");

    public string InstalledPath => Path.Join(stateDirectory, "installed.json");

    /// <summary>A test seam: called with the step's name (<c>staged</c>, <c>intent</c>, <c>file:N</c>, <c>installed</c>).</summary>
    internal Action<string>? StepReached { get; set; }

    public InstalledState? ReadInstalled()
    {
        try
        {
            var obj = JsonNode.Parse(File.ReadAllText(InstalledPath))?.AsObject();
            return obj is null ? null : new InstalledState((string)obj["version"]!, (string)obj["tar_sha256"]!, (long)obj["tar_length"]!);
        }
        catch (FileNotFoundException)
        {
            return null;
        }
        catch (DirectoryNotFoundException)
        {
            return null;
        }
        catch (Exception ex) when (ex is JsonException or InvalidOperationException or NullReferenceException or FormatException)
        {
            throw new DeliveryException($"{InstalledPath}: not a valid installed-version record: {ex.Message}", ex);
        }
    }

    /// <summary>Finishes or undoes an interrupted install; a description of what was done, or null when nothing was pending.</summary>
    public string? Recover()
    {
        if (File.Exists(IntentPath))
        {
            var intent = JsonNode.Parse(File.ReadAllText(IntentPath))!.AsObject();
            var state = new InstalledState((string)intent["version"]!, (string)intent["tar_sha256"]!, (long)intent["tar_length"]!);
            var files = intent["files"]!.AsArray().Select(n => (string)n!).ToList();
            var dirs = intent["dirs"]!.AsArray().Select(n => (string)n!).ToList();
            // An intent without a record (written by an older AeUpdater): the old record would not describe the new
            // files, so it is removed and plugins that require verification wait for the next archive.
            var verified = intent["verified_files"] is { } record
                ? AeUpdater.Plugins.VerifiedFiles.Parse(System.Text.Encoding.UTF8.GetBytes(record.ToJsonString()))
                : null;
            var redone = Commit(files, dirs);
            Finish(state, verified);
            return $"finished the interrupted install of {state.Version} ({redone} of {files.Count} files written again).";
        }

        if (Directory.Exists(StagingDir))
        {
            Directory.Delete(StagingDir, recursive: true);
            AtomicWrite.TryDelete(NewTarPath);
            return "removed the staging folder of an install interrupted before it changed the root.";
        }

        return null;
    }

    /// <summary>Installs the verified tar at <see cref="NewTarPath"/> as <paramref name="state"/>; the number of files written.</summary>
    public int Install(InstalledState state, ArchiveLimits? limits, CancellationToken cancellationToken)
    {
        if (Directory.Exists(StagingDir))
        {
            Directory.Delete(StagingDir, recursive: true);
        }

        var reserved = new List<string>();
        var stateRelative = Path.GetRelativePath(root, stateDirectory);
        if (!stateRelative.StartsWith("..", StringComparison.Ordinal) && !Path.IsPathRooted(stateRelative))
        {
            reserved.Add(stateRelative.Split(Path.DirectorySeparatorChar, Path.AltDirectorySeparatorChar)[0]);
        }

        var entries = SafeArchiveExtractor.Extract(NewTarPath, StagingDir, limits, reserved, cancellationToken);
        StepReached?.Invoke("staged");
        var files = entries.Where(e => !e.IsDirectory).Select(e => e.Path).ToList();
        var dirs = entries.Where(e => e.IsDirectory).Select(e => e.Path).ToList();
        var verified = new AeUpdater.Plugins.VerifiedFiles(
            $"the archive of version {state.Version} (tar sha256 {state.TarSha256})",
            entries.Where(e => !e.IsDirectory).Select(e => KeyValuePair.Create(e.Path, new AeUpdater.Plugins.VerifiedFile(e.Sha256!, e.Length))));
        Preflight(entries);
        cancellationToken.ThrowIfCancellationRequested();

        var intent = new JsonObject
        {
            ["version"] = state.Version,
            ["tar_sha256"] = state.TarSha256,
            ["tar_length"] = state.TarLength,
            ["root"] = root,
            ["dirs"] = new JsonArray([.. dirs.Select(d => (JsonNode)d)]),
            ["files"] = new JsonArray([.. files.Select(f => (JsonNode)f)]),
            ["verified_files"] = JsonNode.Parse(verified.ToUtf8Json()),
        };
        AtomicWrite.Write(IntentPath, intent.ToJsonString(Indented));
        StepReached?.Invoke("intent");

        // From here on the install is rolled forward, never back: cancellation is no longer honoured.
        var written = Commit(files, dirs);
        Finish(state, verified);
        return written;
    }

    private static bool IsLink(string path) => new FileInfo(path).LinkTarget is not null;

    private void Preflight(IReadOnlyList<ArchiveEntryInfo> entries)
    {
        foreach (var entry in entries)
        {
            var destination = Path.Join(root, entry.Path);
            CheckParents(entry.Path);
            if (entry.IsDirectory && File.Exists(destination))
            {
                throw new DeliveryException($"'{destination}' is a file, but the archive has a folder of that name; nothing was installed.");
            }

            if (!entry.IsDirectory && Directory.Exists(destination) && !IsLink(destination))
            {
                throw new DeliveryException($"'{destination}' is a folder, but the archive has a file of that name; nothing was installed.");
            }
        }
    }

    /// <summary>Every existing folder between the root and the entry must be a real folder, never a link (which could lead outside the root).</summary>
    private void CheckParents(string relative)
    {
        var segments = relative.Split('/');
        var current = root;
        for (var i = 0; i < segments.Length - 1; i++)
        {
            current = Path.Join(current, segments[i]);
            var info = new DirectoryInfo(current);
            if (info.LinkTarget is not null)
            {
                throw new DeliveryException($"'{current}' is a link; the archive would write through it (outside the root); nothing was installed.");
            }

            if (!info.Exists)
            {
                if (File.Exists(current))
                {
                    throw new DeliveryException($"'{current}' is a file, but the archive needs a folder there; nothing was installed.");
                }

                return;
            }
        }
    }

    private int Commit(List<string> files, List<string> dirs)
    {
        foreach (var dir in dirs)
        {
            CheckParents(dir + "/x");
            Directory.CreateDirectory(Path.Join(root, dir));
        }

        var written = 0;
        for (var i = 0; i < files.Count; i++)
        {
            var relative = files[i];
            var staged = Path.Join(StagingDir, relative);
            var destination = Path.Join(root, relative);
            var folder = Path.GetDirectoryName(destination)!;
            RemoveTemporaries(folder, Path.GetFileName(destination));
            if (!File.Exists(staged))
            {
                continue; // done before the interruption
            }

            CheckParents(relative);
            Directory.CreateDirectory(folder);
            var temp = Path.Join(folder, "." + Path.GetFileName(destination) + "." + Guid.NewGuid().ToString("N")[..8] + TempSuffix);
            try
            {
                File.Copy(staged, temp);
                using (var stream = new FileStream(temp, FileMode.Open, FileAccess.ReadWrite))
                {
                    stream.Flush(flushToDisk: true);
                }

                File.Move(temp, destination, overwrite: true);
            }
            finally
            {
                AtomicWrite.TryDelete(temp);
            }

            File.Delete(staged);
            written++;
            StepReached?.Invoke("file:" + (i + 1).ToString(System.Globalization.CultureInfo.InvariantCulture));
        }

        return written;
    }

    private void Finish(InstalledState state, AeUpdater.Plugins.VerifiedFiles? verified)
    {
        if (File.Exists(NewTarPath))
        {
            File.Move(NewTarPath, CurrentTarPath, overwrite: true);
        }

        if (verified is null)
        {
            File.Delete(VerifiedFilesPath);
        }
        else
        {
            AtomicWrite.Write(VerifiedFilesPath, verified.ToUtf8Json());
        }

        StepReached?.Invoke("verified-files");

        var installed = new JsonObject
        {
            ["version"] = state.Version,
            ["tar_sha256"] = state.TarSha256,
            ["tar_length"] = state.TarLength,
        };
        AtomicWrite.Write(InstalledPath, installed.ToJsonString(Indented));
        StepReached?.Invoke("installed");
        File.Delete(IntentPath);
        if (Directory.Exists(StagingDir))
        {
            Directory.Delete(StagingDir, recursive: true);
        }
    }

    private static void RemoveTemporaries(string folder, string name)
    {
        if (!Directory.Exists(folder))
        {
            return;
        }

        foreach (var temp in Directory.EnumerateFiles(folder, "." + name + ".*" + TempSuffix))
        {
            AtomicWrite.TryDelete(temp);
        }
    }
}

/// <summary>The installed version and its tar (kept for patches).</summary>
internal sealed record InstalledState(string Version, string TarSha256, long TarLength);

/// <summary>Small atomic-write helpers.</summary>
internal static class AtomicWrite
{
    public static void Write(string path, string text) => Write(path, System.Text.Encoding.UTF8.GetBytes(text + "\n"));

    public static void Write(string path, byte[] bytes)
    {
        var temp = path + "." + Guid.NewGuid().ToString("N")[..8] + RootInstaller.TempSuffix;
        try
        {
            using (var stream = new FileStream(temp, FileMode.CreateNew, FileAccess.Write))
            {
                stream.Write(bytes);
                stream.Flush(flushToDisk: true);
            }

            File.Move(temp, path, overwrite: true);
        }
        finally
        {
            TryDelete(temp);
        }
    }

    public static void TryDelete(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            // Best effort: a leftover temporary file is removed by the next recovery.
        }
    }
}
