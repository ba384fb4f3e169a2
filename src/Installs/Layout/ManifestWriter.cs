using System.Security.Cryptography;
using System.Text;

namespace AeUpdater.Installs.Layout;

/// <summary>Writes and checks manifests (the format is described on <see cref="ManifestReader"/>).</summary>
internal static class ManifestWriter
{
    public static string Format(string name, string version, string rid, string entry, IEnumerable<ManifestFile> files)
    {
        var text = new StringBuilder();
        text.Append(ManifestReader.Header).Append('\n');
        text.Append("name ").Append(name).Append('\n');
        text.Append("version ").Append(version).Append('\n');
        text.Append("rid ").Append(rid).Append('\n');
        text.Append("entry ").Append(entry).Append('\n');
        foreach (var file in files.OrderBy(f => f.Path, StringComparer.Ordinal))
        {
            text.Append("f ").Append(file.Size.ToString(System.Globalization.CultureInfo.InvariantCulture)).Append(' ')
                .Append(file.Sha256).Append(' ').Append(file.Path).Append('\n');
        }

        return text.ToString();
    }

    /// <summary>Compares the files written with a manifest the source shipped: same paths, sizes and hashes.</summary>
    public static string? CompareWithExpected(IReadOnlyList<ManifestFile> written, ManifestData expected)
    {
        var byPath = expected.Files.ToDictionary(f => f.Path, StringComparer.Ordinal);
        foreach (var file in written)
        {
            if (!byPath.Remove(file.Path, out var wanted))
            {
                return $"'{file.Path}' is not in the version's manifest";
            }

            if (wanted.Size != file.Size || !string.Equals(wanted.Sha256, file.Sha256, StringComparison.OrdinalIgnoreCase))
            {
                return $"'{file.Path}' differs from the version's manifest ({file.Size} bytes, sha256 {file.Sha256}; the manifest says {wanted.Size} bytes, sha256 {wanted.Sha256})";
            }
        }

        return byPath.Count == 0 ? null : $"'{byPath.Keys.Order(StringComparer.Ordinal).First()}' is in the version's manifest but not in the source";
    }

    /// <summary>The quick check the launcher makes: every file present with its size. Returns the first problem.</summary>
    public static string? CheckSizes(string folder, ManifestData manifest)
    {
        foreach (var file in manifest.Files)
        {
            var info = new FileInfo(Path.Join(folder, file.Path));
            if (!info.Exists)
            {
                return $"'{file.Path}' is missing";
            }

            if (info.Length != file.Size)
            {
                return $"'{file.Path}' has {info.Length} bytes, the manifest says {file.Size}";
            }
        }

        return null;
    }

    /// <summary>The full check made at install: every file present with its size and SHA-256. Returns the first problem.</summary>
    public static string? CheckHashes(string folder, ManifestData manifest, CancellationToken cancellationToken)
    {
        var sizes = CheckSizes(folder, manifest);
        if (sizes is not null)
        {
            return sizes;
        }

        foreach (var file in manifest.Files)
        {
            cancellationToken.ThrowIfCancellationRequested();
            using var stream = new FileStream(Path.Join(folder, file.Path), FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, FileOptions.SequentialScan);
            var hash = Convert.ToHexStringLower(SHA256.HashData(stream));
            if (!string.Equals(hash, file.Sha256, StringComparison.OrdinalIgnoreCase))
            {
                return $"'{file.Path}' has sha256 {hash}, the manifest says {file.Sha256}";
            }
        }

        return null;
    }
}
