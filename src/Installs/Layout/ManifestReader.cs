namespace AeUpdater.Installs.Layout;

/// <summary>
/// Reads a version's manifest, a line format the launcher parses without JSON or reflection:
/// <code>
/// aeupdater-manifest 1
/// name APP
/// version 1.2.0
/// rid linux-x64
/// entry APP
/// f SIZE SHA256HEX RELATIVE/PATH
/// </code>
/// Paths use <c>/</c>, never contain a line break, and are the rest of the line (spaces allowed).
/// </summary>
internal static class ManifestReader
{
    public const string Header = "aeupdater-manifest 1";

    /// <summary>Parses <paramref name="lines"/>; <see langword="false"/> with the reason when malformed.</summary>
    public static bool TryParse(string[] lines, out ManifestData manifest, out string? error)
    {
        manifest = new ManifestData();
        error = null;
        if (lines.Length == 0 || lines[0] != Header)
        {
            error = "the first line is not '" + Header + "'";
            return false;
        }

        for (var i = 1; i < lines.Length; i++)
        {
            var line = lines[i];
            if (line.Length == 0)
            {
                continue;
            }

            var space = line.IndexOf(' ', StringComparison.Ordinal);
            if (space <= 0)
            {
                error = "line " + (i + 1) + " has no value";
                return false;
            }

            var key = line.Substring(0, space);
            var value = line.Substring(space + 1);
            switch (key)
            {
                case "name":
                    manifest.Name = value;
                    break;
                case "version":
                    manifest.Version = value;
                    break;
                case "rid":
                    manifest.Rid = value;
                    break;
                case "entry":
                    manifest.Entry = value;
                    break;
                case "f":
                    var sizeEnd = value.IndexOf(' ', StringComparison.Ordinal);
                    var hashEnd = sizeEnd < 0 ? -1 : value.IndexOf(' ', sizeEnd + 1);
                    if (hashEnd < 0
                        || !long.TryParse(value.AsSpan(0, sizeEnd), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var size)
                        || hashEnd - sizeEnd - 1 != 64
                        || hashEnd + 1 >= value.Length)
                    {
                        error = "line " + (i + 1) + " is not 'f SIZE SHA256 PATH'";
                        return false;
                    }

                    manifest.Files.Add(new ManifestFile(value.Substring(hashEnd + 1), size, value.Substring(sizeEnd + 1, 64)));
                    break;
                default:
                    // Unknown keys are ignored so that later writers may add lines.
                    break;
            }
        }

        if (manifest.Name.Length == 0 || manifest.Version.Length == 0 || manifest.Rid.Length == 0 || manifest.Entry.Length == 0)
        {
            error = "the name, version, rid or entry line is missing";
            return false;
        }

        return true;
    }
}

/// <summary>A parsed manifest.</summary>
internal sealed class ManifestData
{
    public string Name { get; set; } = "";

    public string Version { get; set; } = "";

    public string Rid { get; set; } = "";

    public string Entry { get; set; } = "";

    public List<ManifestFile> Files { get; } = [];
}

/// <summary>One file of a manifest: its path relative to the version folder (with <c>/</c>), size and SHA-256 (lower-case hex).</summary>
internal sealed record ManifestFile(string Path, long Size, string Sha256);
