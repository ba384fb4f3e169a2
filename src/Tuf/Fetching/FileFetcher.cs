namespace AeUpdater.Tuf.Fetching;

/// <summary>
/// Fetches <c>file:</c> URLs (a repository in a folder or on a USB stick). Each path segment is percent-decoded on
/// its own; a segment that decodes to <c>/</c>, <c>\</c>, NUL, <c>.</c> or <c>..</c> names no file (404), so an
/// encoded role or target name never climbs out of the folder. A missing file is a 404.
/// </summary>
public sealed class FileFetcher : ITufFetcher
{
    /// <inheritdoc/>
    public Task<Stream> OpenAsync(string url, CancellationToken cancellationToken)
    {
        var path = ToLocalPath(url);
        try
        {
            Stream stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1, FileOptions.Asynchronous | FileOptions.SequentialScan);
            return Task.FromResult(stream);
        }
        catch (Exception ex) when (ex is FileNotFoundException or DirectoryNotFoundException)
        {
            throw new DownloadHttpException($"{url}: no such file.", 404);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new DownloadException($"{url}: {ex.Message}", ex);
        }
    }

    /// <summary>The local path of a <c>file:</c> URL, decoded segment by segment.</summary>
    internal static string ToLocalPath(string url)
    {
        if (!url.StartsWith("file:", StringComparison.OrdinalIgnoreCase))
        {
            throw new DownloadException($"'{url}' is not a file: URL.");
        }

        var rest = url["file:".Length..];
        if (rest.StartsWith("//", StringComparison.Ordinal))
        {
            // file://host/path: only an empty host or localhost.
            var slash = rest.IndexOf('/', 2);
            var host = slash < 0 ? rest[2..] : rest[2..slash];
            if (host.Length > 0 && !host.Equals("localhost", StringComparison.OrdinalIgnoreCase))
            {
                throw new DownloadException($"'{url}': file: URLs on another host are not supported.");
            }

            rest = slash < 0 ? "/" : rest[slash..];
        }

        var cut = rest.IndexOfAny(['?', '#']);
        if (cut >= 0)
        {
            rest = rest[..cut];
        }

        var segments = rest.Split('/');
        var decoded = new List<string>(segments.Length);
        for (var i = 0; i < segments.Length; i++)
        {
            var segment = Uri.UnescapeDataString(segments[i]);
            if (segment is "." or ".." || segment.IndexOfAny(['/', '\\', '\0']) >= 0)
            {
                throw new DownloadHttpException($"{url}: the path segment '{segments[i]}' names no file.", 404);
            }

            decoded.Add(segment);
        }

        var path = string.Join('/', decoded);
        if (OperatingSystem.IsWindows() && path.Length >= 3 && path[0] == '/' && path[2] == ':')
        {
            path = path[1..];
        }

        return path;
    }
}
