using System.Security.Cryptography;
using AeUpdater.Installs.Layout;

namespace AeUpdater.Installs.Staging;

/// <summary>
/// Writes a version's files into its staging folder, hashing each while it is written, and collects the manifest entries.
/// The source's own control folder is never copied: its <c>manifest</c>, if any, is kept as the expected manifest.
/// </summary>
internal sealed class StagingWriter
{
    private readonly string _root;
    private readonly Action<string> _step;
    private readonly byte[] _buffer = new byte[1 << 20];
    private readonly List<ManifestFile> _files = [];

    public StagingWriter(string root, Action<string> step)
    {
        _root = root;
        _step = step;
    }

    public IReadOnlyList<ManifestFile> Files => _files;

    /// <summary>The lines of the source's <c>.aeupdater-version/manifest</c>, when it shipped one.</summary>
    public string[]? ExpectedManifest { get; private set; }

    public long Bytes { get; private set; }

    /// <summary>The mode a version's file gets: the owner reads and writes, execute and read bits kept, no set-id, sticky or group/other write bits.</summary>
    public static UnixFileMode NormalizeMode(UnixFileMode mode) =>
        (mode & (UnixFileMode.UserExecute | UnixFileMode.GroupRead | UnixFileMode.GroupExecute | UnixFileMode.OtherRead | UnixFileMode.OtherExecute))
        | UnixFileMode.UserRead | UnixFileMode.UserWrite;

    /// <summary>True when <paramref name="relativePath"/> lies in the control folder (never copied as a file of the version).</summary>
    public static bool IsControl(string relativePath) =>
        relativePath == VersionLayout.ControlFolder || relativePath.StartsWith(VersionLayout.ControlFolder + "/", StringComparison.Ordinal);

    public void Directory(string relativePath)
    {
        if (!IsControl(relativePath))
        {
            System.IO.Directory.CreateDirectory(Path.Join(_root, relativePath));
        }
    }

    /// <summary>Writes one file (new: an existing one is an error) with the given Unix mode bits.</summary>
    public void File(string relativePath, Stream content, UnixFileMode mode, CancellationToken cancellationToken)
    {
        if (IsControl(relativePath))
        {
            if (relativePath == VersionLayout.ControlFolder + "/" + VersionLayout.Manifest)
            {
                using var reader = new StreamReader(content, System.Text.Encoding.UTF8, detectEncodingFromByteOrderMarks: false, leaveOpen: true);
                ExpectedManifest = reader.ReadToEnd().Split('\n');
            }

            return;
        }

        var path = Path.Join(_root, relativePath);
        System.IO.Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        long size = 0;
        var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write, Share = FileShare.None, BufferSize = 0 };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = mode;
        }

        using (var output = new FileStream(path, options))
        {
            int read;
            while ((read = content.Read(_buffer, 0, _buffer.Length)) > 0)
            {
                cancellationToken.ThrowIfCancellationRequested();
                hash.AppendData(_buffer, 0, read);
                output.Write(_buffer, 0, read);
                size += read;
            }
        }

        if (!OperatingSystem.IsWindows())
        {
            // The umask may have cleared bits of UnixCreateMode.
            System.IO.File.SetUnixFileMode(path, mode);
        }

        Bytes += size;
        _files.Add(new ManifestFile(relativePath, size, Convert.ToHexStringLower(hash.GetHashAndReset())));
        _step("install:file-written");
    }
}
