using System.Formats.Tar;
using System.IO.Compression;
using System.Security.Cryptography;
using System.Text;

namespace AeUpdater.Delivery.Archives;

/// <summary>One entry of a checked archive.</summary>
/// <param name="Path">The relative path, <c>/</c>-separated, without a trailing slash.</param>
/// <param name="IsDirectory">Whether it is a folder.</param>
/// <param name="Length">The content length (0 for folders).</param>
/// <param name="Executable">Whether any execute bit is set in the entry's mode.</param>
public sealed record ArchiveEntryInfo(string Path, bool IsDirectory, long Length, bool Executable)
{
    /// <summary>
    /// The lower-case hex SHA-256 of a file's content, computed from the archive's bytes as they were extracted;
    /// <see langword="null"/> for folders and for entries that were only checked (<see cref="SafeArchiveExtractor.Check"/>).
    /// </summary>
    public string? Sha256 { get; init; }
}

/// <summary>
/// Extracts a tar (or <c>.tar.gz</c>) archive safely: the whole archive is checked first, and refused as a whole,
/// before anything is written, when any entry is not a plain file or folder (symbolic and hard links, devices,
/// FIFOs, sparse or unknown types), has a name that is absolute, contains <c>..</c>, <c>.</c>, an empty segment, a
/// backslash, a control character or a character Windows forbids, is a reserved Windows name, is too long, or
/// collides with another entry (the same name, the same name in another case, a file where a folder is needed), or
/// when the archive is over the <see cref="ArchiveLimits"/>. Reusable wherever an archive is unpacked into a folder.
/// </summary>
public static class SafeArchiveExtractor
{
    private static readonly char[] WindowsForbidden = ['<', '>', ':', '"', '|', '?', '*', '\\'];

    private static readonly HashSet<string> WindowsReserved = new(StringComparer.OrdinalIgnoreCase)
    {
        "CON", "PRN", "AUX", "NUL", "COM1", "COM2", "COM3", "COM4", "COM5", "COM6", "COM7", "COM8", "COM9",
        "LPT1", "LPT2", "LPT3", "LPT4", "LPT5", "LPT6", "LPT7", "LPT8", "LPT9",
    };

    /// <summary>Opens a tar stream from a file: gzip-decompressed when the file starts with the gzip magic bytes.</summary>
    public static Stream OpenTar(string archivePath)
    {
        var file = new FileStream(archivePath, FileMode.Open, FileAccess.Read, FileShare.Read, 81920);
        Span<byte> magic = stackalloc byte[2];
        var read = file.ReadAtLeast(magic, 2, throwOnEndOfStream: false);
        file.Position = 0;
        return read == 2 && magic[0] == 0x1f && magic[1] == 0x8b ? new GZipStream(file, CompressionMode.Decompress) : file;
    }

    /// <summary>
    /// Checks every entry of the archive at <paramref name="archivePath"/> without writing anything.
    /// </summary>
    /// <param name="archivePath">A tar or <c>.tar.gz</c> file.</param>
    /// <param name="limits">The bounds. Default: <see cref="ArchiveLimits"/>'s defaults.</param>
    /// <param name="reservedNames">Top-level names no entry may use (case-insensitive), e.g. the state folder.</param>
    /// <returns>The entries, in archive order.</returns>
    /// <exception cref="ArchiveException">The archive is refused; the message names the entry and the reason.</exception>
    public static IReadOnlyList<ArchiveEntryInfo> Check(string archivePath, ArchiveLimits? limits = null, IEnumerable<string>? reservedNames = null)
    {
        limits ??= new ArchiveLimits();
        var reserved = new HashSet<string>(reservedNames ?? [], StringComparer.OrdinalIgnoreCase);
        var entries = new List<ArchiveEntryInfo>();
        var seen = new Dictionary<string, bool>(StringComparer.OrdinalIgnoreCase); // path -> is directory
        long total = 0;
        try
        {
            using var stream = OpenTar(archivePath);
            using var reader = new TarReader(stream);
            while (reader.GetNextEntry(copyData: false) is { } entry)
            {
                var what = $"{archivePath}: entry '{Printable(entry.Name)}'";
                if (entries.Count >= limits.MaxEntries)
                {
                    throw new ArchiveException($"{archivePath}: more than {limits.MaxEntries} entries.");
                }

                var isDirectory = entry.EntryType switch
                {
                    TarEntryType.Directory => true,
                    TarEntryType.RegularFile or TarEntryType.V7RegularFile => false,
                    TarEntryType.SymbolicLink => throw new ArchiveException($"{what} is a symbolic link (to '{Printable(entry.LinkName)}'); links are refused."),
                    TarEntryType.HardLink => throw new ArchiveException($"{what} is a hard link (to '{Printable(entry.LinkName)}'); links are refused."),
                    TarEntryType.CharacterDevice or TarEntryType.BlockDevice => throw new ArchiveException($"{what} is a device; only files and folders are allowed."),
                    TarEntryType.Fifo => throw new ArchiveException($"{what} is a FIFO; only files and folders are allowed."),
                    _ => throw new ArchiveException($"{what} has the type {entry.EntryType}; only files and folders are allowed."),
                };
                var path = CheckName(entry.Name, isDirectory, what, limits);
                if (reserved.Contains(path.Split('/')[0]))
                {
                    throw new ArchiveException($"{what} writes into '{path.Split('/')[0]}', which is reserved (the updater's state).");
                }

                if (seen.TryGetValue(path, out var wasDirectory))
                {
                    if (!(isDirectory && wasDirectory))
                    {
                        throw new ArchiveException($"{what} collides with an earlier entry of the same name (names are compared ignoring case).");
                    }

                    continue;
                }

                // Every parent must be a folder, never an earlier file; record the parents as folders.
                for (var slash = path.IndexOf('/', StringComparison.Ordinal); slash > 0; slash = path.IndexOf('/', slash + 1))
                {
                    var parent = path[..slash];
                    if (seen.TryGetValue(parent, out var parentIsDirectory) && !parentIsDirectory)
                    {
                        throw new ArchiveException($"{what} needs '{parent}' to be a folder, but the archive has a file of that name.");
                    }

                    seen[parent] = true;
                }

                seen[path] = isDirectory;
                var length = isDirectory ? 0 : entry.Length;
                if (length < 0 || length > limits.MaxTotalBytes - total)
                {
                    throw new ArchiveException($"{archivePath}: more than {limits.MaxTotalBytes} bytes of content (at entry '{path}').");
                }

                total += length;
                var executable = (entry.Mode & (UnixFileMode.UserExecute | UnixFileMode.GroupExecute | UnixFileMode.OtherExecute)) != 0;
                entries.Add(new ArchiveEntryInfo(path, isDirectory, length, executable && !isDirectory));
            }
        }
        catch (Exception ex) when (ex is InvalidDataException or FormatException or EndOfStreamException or ArgumentException)
        {
            throw new ArchiveException($"{archivePath}: not a valid tar archive: {ex.Message}", ex);
        }
        catch (IOException ex)
        {
            throw new ArchiveException($"{archivePath}: cannot read: {ex.Message}", ex);
        }

        return entries;
    }

    /// <summary>
    /// Checks the archive (<see cref="Check"/>) and only then extracts it into <paramref name="targetFolder"/>,
    /// which must not exist yet (it is created). Files are created new (never through an existing link), with mode
    /// 0755 when the entry has an execute bit, else 0644, and flushed to disk.
    /// </summary>
    /// <returns>The entries extracted, each file with the <see cref="ArchiveEntryInfo.Sha256"/> of the bytes read from the archive and written.</returns>
    /// <exception cref="ArchiveException">The archive is refused (nothing was written), or reading it failed mid-way.</exception>
    public static IReadOnlyList<ArchiveEntryInfo> Extract(string archivePath, string targetFolder, ArchiveLimits? limits = null, IEnumerable<string>? reservedNames = null, CancellationToken cancellationToken = default)
    {
        var entries = Check(archivePath, limits, reservedNames);
        var target = Path.GetFullPath(targetFolder);
        if (Directory.Exists(target) || File.Exists(target))
        {
            throw new ArchiveException($"{target}: the extraction folder must not exist yet.");
        }

        Directory.CreateDirectory(target);
        var byPath = entries.ToDictionary(e => e.Path, StringComparer.Ordinal);
        var hashes = new Dictionary<string, string>(StringComparer.Ordinal);
        using var stream = OpenTar(archivePath);
        using var reader = new TarReader(stream);
        while (reader.GetNextEntry(copyData: false) is { } entry)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var path = Normalize(entry.Name);
            if (!byPath.TryGetValue(path, out var info))
            {
                throw new ArchiveException($"{archivePath}: the archive changed while it was extracted.");
            }

            var destination = Path.Join(target, path);
            if (info.IsDirectory || entry.EntryType == TarEntryType.Directory)
            {
                Directory.CreateDirectory(destination);
                continue;
            }

            Directory.CreateDirectory(Path.GetDirectoryName(destination)!);
            var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write, Options = FileOptions.None };
            if (!OperatingSystem.IsWindows())
            {
                options.UnixCreateMode = info.Executable
                    ? (UnixFileMode)0b111_101_101
                    : (UnixFileMode)0b110_100_100;
            }

            using var output = new FileStream(destination, options);
            using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
            var copied = entry.DataStream is { } data ? CopyBounded(data, output, info.Length, hash) : 0;
            if (copied != info.Length)
            {
                throw new ArchiveException($"{archivePath}: entry '{path}' is shorter than its header says.");
            }

            output.Flush(flushToDisk: true);
            hashes[path] = Convert.ToHexStringLower(hash.GetHashAndReset());
        }

        if (entries.FirstOrDefault(e => !e.IsDirectory && !hashes.ContainsKey(e.Path)) is { } missing)
        {
            throw new ArchiveException($"{archivePath}: the archive changed while it was extracted (entry '{missing.Path}' is gone).");
        }

        return [.. entries.Select(e => e.IsDirectory ? e : e with { Sha256 = hashes[e.Path] })];
    }

    /// <summary>Strips one leading <c>./</c> and a trailing <c>/</c>.</summary>
    private static string Normalize(string name)
    {
        var path = name.StartsWith("./", StringComparison.Ordinal) ? name[2..] : name;
        return path.EndsWith('/') ? path[..^1] : path;
    }

    private static string CheckName(string name, bool isDirectory, string what, ArchiveLimits limits)
    {
        if (name.Length == 0)
        {
            throw new ArchiveException($"{what}: the name is empty.");
        }

        if (name[0] == '/' || name[0] == '\\' || (name.Length >= 2 && name[1] == ':'))
        {
            throw new ArchiveException($"{what}: the name is absolute; entries must be relative.");
        }

        if (Encoding.UTF8.GetByteCount(name) > limits.MaxPathBytes)
        {
            throw new ArchiveException($"{what}: the name is longer than {limits.MaxPathBytes} bytes.");
        }

        var path = Normalize(name);
        if (!isDirectory && name.EndsWith('/'))
        {
            throw new ArchiveException($"{what}: a file name ends with '/'.");
        }

        var segments = path.Split('/');
        if (segments.Length > limits.MaxDepth)
        {
            throw new ArchiveException($"{what}: more than {limits.MaxDepth} folder levels.");
        }

        foreach (var segment in segments)
        {
            if (segment is "" or "." or "..")
            {
                throw new ArchiveException($"{what}: the name has a '{segment}' segment; '..', '.' and empty segments are refused (the entry could write outside the target).");
            }

            if (Encoding.UTF8.GetByteCount(segment) > limits.MaxSegmentBytes)
            {
                throw new ArchiveException($"{what}: the segment '{Printable(segment)}' is longer than {limits.MaxSegmentBytes} bytes.");
            }

            foreach (var c in segment)
            {
                if (char.IsControl(c) || Array.IndexOf(WindowsForbidden, c) >= 0)
                {
                    throw new ArchiveException($"{what}: the name contains the character U+{(int)c:X4}, which is not valid in a file name on every platform.");
                }

                if (char.IsSurrogate(c) && !IsWellFormed(segment))
                {
                    throw new ArchiveException($"{what}: the name is not valid UTF-16/UTF-8 text.");
                }
            }

            if (segment.EndsWith('.') || segment.EndsWith(' '))
            {
                throw new ArchiveException($"{what}: the segment '{Printable(segment)}' ends with a dot or a space, which Windows drops.");
            }

            var stem = segment.Split('.')[0];
            if (WindowsReserved.Contains(stem))
            {
                throw new ArchiveException($"{what}: '{segment}' is a reserved device name on Windows.");
            }
        }

        return path;
    }

    private static bool IsWellFormed(string text)
    {
        for (var i = 0; i < text.Length; i++)
        {
            if (char.IsHighSurrogate(text[i]))
            {
                if (i + 1 >= text.Length || !char.IsLowSurrogate(text[i + 1]))
                {
                    return false;
                }

                i++;
            }
            else if (char.IsLowSurrogate(text[i]))
            {
                return false;
            }
        }

        return true;
    }

    private static string Printable(string? text) =>
        text is null ? "" : string.Concat(text.Select(c => char.IsControl(c) ? $"\\u{(int)c:x4}" : c.ToString()));

    private static long CopyBounded(Stream source, Stream destination, long length, IncrementalHash hash)
    {
        var buffer = new byte[81920];
        long copied = 0;
        while (copied < length)
        {
            var read = source.Read(buffer, 0, (int)Math.Min(buffer.Length, length - copied));
            if (read == 0)
            {
                break;
            }

            destination.Write(buffer, 0, read);
            hash.AppendData(buffer, 0, read);
            copied += read;
        }

        return copied;
    }
}
