using System.Formats.Tar;
using System.IO.Compression;
using System.Security.Cryptography;

namespace AeUpdater.Delivery.Archives;

/// <summary>What an archive holds: the length and SHA-256 of its uncompressed tar stream.</summary>
/// <param name="TarLength">The tar stream's length in bytes.</param>
/// <param name="TarSha256">The tar stream's SHA-256, lower-case hex.</param>
public sealed record TarDigest(long TarLength, string TarSha256);

/// <summary>
/// Writes a folder as a deterministic tar (or <c>.tar.gz</c>): the same files give the same bytes. Entries are sorted
/// by ordinal path; folders come before their content; every entry is ustar with owner and group 0 and no names,
/// modification time <see cref="FixedModificationTime"/>, mode 0755 for folders and files with an execute bit, else
/// 0644, and no extended headers. Symbolic links, devices and other special files are refused.
/// </summary>
public static class DeterministicArchive
{
    /// <summary>The modification time of every entry: 1980-01-01T00:00:00Z.</summary>
    public static readonly DateTimeOffset FixedModificationTime = new(1980, 1, 1, 0, 0, 0, TimeSpan.Zero);

    private const UnixFileMode ExecutableMode = (UnixFileMode)0b111_101_101; // 0755
    private const UnixFileMode RegularMode = (UnixFileMode)0b110_100_100; // 0644

    /// <summary>Writes <paramref name="folder"/> as a tar stream to <paramref name="output"/>.</summary>
    /// <exception cref="ArchiveException">The folder holds a link or special file, or a name too long for ustar.</exception>
    public static TarDigest WriteTar(string folder, Stream output)
    {
        var root = Path.GetFullPath(folder);
        if (!Directory.Exists(root))
        {
            throw new ArchiveException($"The bundle folder '{root}' does not exist.");
        }

        using var hashing = new HashingStream(output);
        using (var writer = new TarWriter(hashing, TarEntryFormat.Ustar, leaveOpen: true))
        {
            foreach (var (relative, isDirectory) in Collect(root))
            {
                var full = Path.Join(root, relative);
                var name = isDirectory ? relative + "/" : relative;
                if (System.Text.Encoding.UTF8.GetByteCount(name) > 255)
                {
                    throw new ArchiveException($"'{full}': the path is too long for a ustar archive (more than 255 bytes).");
                }

                var entry = new UstarTarEntry(isDirectory ? TarEntryType.Directory : TarEntryType.RegularFile, name)
                {
                    ModificationTime = FixedModificationTime,
                    Uid = 0,
                    Gid = 0,
                    UserName = "",
                    GroupName = "",
                    Mode = isDirectory || IsExecutable(full) ? ExecutableMode : RegularMode,
                };
                if (isDirectory)
                {
                    writer.WriteEntry(entry);
                    continue;
                }

                using var content = new FileStream(full, FileMode.Open, FileAccess.Read, FileShare.Read);
                entry.DataStream = content;
                writer.WriteEntry(entry);
            }
        }

        return hashing.Finish();
    }

    /// <summary>Writes <paramref name="folder"/> as a gzip-compressed tar file at <paramref name="archivePath"/> (replaced atomically).</summary>
    /// <returns>The digest of the uncompressed tar stream.</returns>
    public static TarDigest WriteTarGz(string folder, string archivePath)
    {
        var temp = archivePath + ".part";
        try
        {
            TarDigest digest;
            using (var file = new FileStream(temp, FileMode.Create, FileAccess.Write))
            {
                using (var gzip = new GZipStream(file, CompressionLevel.SmallestSize, leaveOpen: true))
                {
                    digest = WriteTar(folder, gzip);
                }

                file.Flush(flushToDisk: true);
            }

            File.Move(temp, archivePath, overwrite: true);
            return digest;
        }
        finally
        {
            File.Delete(temp);
        }
    }

    /// <summary>Decompresses a <c>.tar.gz</c> file into a tar file and returns the tar's digest.</summary>
    public static TarDigest Decompress(string archivePath, string tarPath)
    {
        using var input = new FileStream(archivePath, FileMode.Open, FileAccess.Read, FileShare.Read);
        using var gzip = new GZipStream(input, CompressionMode.Decompress);
        using var output = new FileStream(tarPath, FileMode.Create, FileAccess.Write);
        using var hashing = new HashingStream(output);
        gzip.CopyTo(hashing);
        var digest = hashing.Finish();
        output.Flush(flushToDisk: true);
        return digest;
    }

    /// <summary>The digest of a tar file.</summary>
    public static TarDigest DigestOf(string tarPath)
    {
        using var input = new FileStream(tarPath, FileMode.Open, FileAccess.Read, FileShare.Read);
        return new TarDigest(input.Length, Convert.ToHexStringLower(SHA256.HashData(input)));
    }

    private static bool IsExecutable(string path) =>
        !OperatingSystem.IsWindows() &&
        (File.GetUnixFileMode(path) & (UnixFileMode.UserExecute | UnixFileMode.GroupExecute | UnixFileMode.OtherExecute)) != 0;

    private static List<(string Relative, bool IsDirectory)> Collect(string root)
    {
        var result = new List<(string, bool)>();
        var pending = new Stack<string>();
        pending.Push(root);
        while (pending.Count > 0)
        {
            var folder = pending.Pop();
            foreach (var info in new DirectoryInfo(folder).EnumerateFileSystemInfos())
            {
                var relative = Path.GetRelativePath(root, info.FullName).Replace('\\', '/');
                if (info.LinkTarget is not null)
                {
                    throw new ArchiveException($"'{info.FullName}' is a link; archives hold only files and folders (copy the target instead).");
                }

                if (info is DirectoryInfo)
                {
                    result.Add((relative, true));
                    pending.Push(info.FullName);
                }
                else if ((info.Attributes & (FileAttributes.Device | FileAttributes.ReparsePoint)) != 0 || !IsRegularFile(info.FullName))
                {
                    throw new ArchiveException($"'{info.FullName}' is not a regular file; archives hold only files and folders.");
                }
                else
                {
                    result.Add((relative, false));
                }
            }
        }

        result.Sort((a, b) => string.CompareOrdinal(a.Item1, b.Item1));
        return result;
    }

    private static bool IsRegularFile(string path)
    {
        if (OperatingSystem.IsWindows() || new FileInfo(path).Length > 0)
        {
            return true;
        }

        // FIFOs, sockets and devices show as empty files to FileInfo (and opening a FIFO blocks). TarWriter reads the
        // real file type (lstat) and opens only regular files, so let it describe the empty file and read the type back.
        using var probe = new MemoryStream();
        using (var writer = new TarWriter(probe, TarEntryFormat.Pax, leaveOpen: true))
        {
            writer.WriteEntry(path, "probe");
        }

        probe.Position = 0;
        using var reader = new TarReader(probe);
        return reader.GetNextEntry()?.EntryType is TarEntryType.RegularFile;
    }

    /// <summary>Hashes what is written through it and counts the bytes.</summary>
    private sealed class HashingStream(Stream inner) : Stream
    {
        private readonly IncrementalHash _hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        private long _length;

        public override bool CanRead => false;

        public override bool CanSeek => false;

        public override bool CanWrite => true;

        public override long Length => _length;

        public override long Position { get => _length; set => throw new NotSupportedException(); }

        public TarDigest Finish() => new(_length, Convert.ToHexStringLower(_hash.GetHashAndReset()));

        public override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count));

        public override void Write(ReadOnlySpan<byte> buffer)
        {
            _hash.AppendData(buffer);
            _length += buffer.Length;
            inner.Write(buffer);
        }

        public override void Flush() => inner.Flush();

        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        protected override void Dispose(bool disposing)
        {
            if (disposing)
            {
                _hash.Dispose();
            }

            base.Dispose(disposing);
        }
    }
}
