using System.Formats.Tar;
using System.IO.Compression;

namespace AeUpdater.Installs.Staging;

/// <summary>
/// A version given as a <c>.tar.gz</c> with its files at the top. The whole archive is read and checked once before
/// anything is written: an entry that is absolute, holds <c>..</c>, is a link, a device or a FIFO, appears twice, is too
/// long, or goes over the entry or byte bounds refuses the whole archive. Then it is read again and written.
/// </summary>
/// <remarks>Internal on purpose: the signed-delivery extractor and this one are to become one.</remarks>
internal static class TarGzSource
{
    /// <summary>Extracts an archive <see cref="Check"/> accepted.</summary>
    public static void Extract(string archive, StagingWriter writer, CancellationToken cancellationToken)
    {
        using var file = new FileStream(archive, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, FileOptions.SequentialScan);
        using var gzip = new GZipStream(file, CompressionMode.Decompress);
        using var tar = new TarReader(gzip);
        while (tar.GetNextEntry(copyData: false) is { } entry)
        {
            cancellationToken.ThrowIfCancellationRequested();
            EntryPath.TryNormalize(entry.Name, out var path, out _);
            if (path.Length == 0)
            {
                continue;
            }

            if (entry.EntryType == TarEntryType.Directory)
            {
                writer.Directory(path);
            }
            else
            {
                writer.File(path, entry.DataStream ?? Stream.Null, StagingWriter.NormalizeMode(entry.Mode), cancellationToken);
            }
        }
    }

    /// <summary>Reads the whole archive and returns why it is refused, or <see langword="null"/>; writes nothing.</summary>
    public static string? Check(string archive, long maxBytes, int maxEntries, CancellationToken cancellationToken)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var files = new HashSet<string>(StringComparer.Ordinal);
        long total = 0;
        var count = 0;
        try
        {
            using var file = new FileStream(archive, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, FileOptions.SequentialScan);
            using var gzip = new GZipStream(file, CompressionMode.Decompress);
            using var tar = new TarReader(gzip);
            while (tar.GetNextEntry(copyData: false) is { } entry)
            {
                cancellationToken.ThrowIfCancellationRequested();
                var where = $"'{archive}': entry '{entry.Name}'";
                if (++count > maxEntries)
                {
                    return $"'{archive}' has more than {maxEntries} entries";
                }

                var isFile = entry.EntryType is TarEntryType.RegularFile or TarEntryType.V7RegularFile;
                if (!isFile && entry.EntryType != TarEntryType.Directory)
                {
                    return $"{where} is a {Describe(entry.EntryType)}; a version ships regular files and folders only";
                }

                if (!EntryPath.TryNormalize(entry.Name, out var path, out var error))
                {
                    return $"{where} is refused: {error}";
                }

                if (path.Length == 0)
                {
                    if (isFile)
                    {
                        return $"{where} is a file without a name";
                    }

                    continue;
                }

                if (!seen.Add(path))
                {
                    return $"{where} appears twice";
                }

                if (isFile)
                {
                    files.Add(path);
                    total += entry.Length;
                    if (entry.Length > maxBytes || total > maxBytes)
                    {
                        return $"'{archive}' unpacks to more than {maxBytes} bytes";
                    }
                }
            }
        }
        catch (Exception e) when (e is InvalidDataException or EndOfStreamException or FormatException or IOException)
        {
            return $"'{archive}' is not a readable .tar.gz: {e.Message}";
        }

        foreach (var path in seen)
        {
            for (var slash = path.IndexOf('/', StringComparison.Ordinal); slash > 0; slash = path.IndexOf('/', slash + 1))
            {
                if (files.Contains(path[..slash]))
                {
                    return $"'{archive}': entry '{path}' lies under '{path[..slash]}', which is a file";
                }
            }
        }

        return null;
    }

    private static string Describe(TarEntryType type) => type switch
    {
        TarEntryType.SymbolicLink => "symbolic link",
        TarEntryType.HardLink => "hard link",
        TarEntryType.CharacterDevice => "character device",
        TarEntryType.BlockDevice => "block device",
        TarEntryType.Fifo => "FIFO",
        _ => type + " entry",
    };
}
