using System.Diagnostics.CodeAnalysis;
using System.Security.Cryptography;
using System.Text.Json;

namespace AeUpdater.Plugins;

/// <summary>
/// The record of the files that the last verified archive wrote into the root: <c>STATE/verified-files.json</c>,
/// written by the delivery's apply (the hashes are taken from the archive's bytes as they were extracted) and read by
/// the engine when <see cref="UpdaterOptions.RequireVerifiedPlugins"/> is on.
/// </summary>
/// <remarks>
/// The format (version 1), UTF-8 JSON:
/// <code>
/// {
///   "format": 1,
///   "source": "MyApp 1.2.0 (archive sha256 0f3a...)",
///   "files": {
///     "ae_updater/ae_updater.dll": { "sha256": "9b1c...", "length": 5120 },
///     "ae_pre_app_run.dll": { "sha256": "...", "length": 4096 }
///   }
/// }
/// </code>
/// Keys are paths relative to the root, <c>/</c>-separated, compared exactly (ordinal); only regular files are listed.
/// <c>sha256</c> is 64 lower-case hex digits, <c>length</c> the size in bytes. Unknown fields are ignored; a record
/// with another <c>format</c>, a bad path, hash or length, or a path listed twice is refused whole.
/// </remarks>
internal sealed class VerifiedFiles
{
    /// <summary>The record's file name in the state directory.</summary>
    public const string FileName = "verified-files.json";

    /// <summary>The format version written and read.</summary>
    public const int Format = 1;

    /// <summary>
    /// The intent record of an archive apply that has begun changing the root and not finished (relative to the state
    /// directory, <c>/</c>-separated). While it exists the root may hold files of two versions, so no plugin is verified.
    /// </summary>
    public const string PendingApply = "delivery/apply.json";

    /// <summary>The largest record read (bytes).</summary>
    public const long MaxBytes = 64L * 1024 * 1024;

    private readonly Dictionary<string, VerifiedFile> _files;

    /// <summary>Creates a record.</summary>
    /// <param name="source">What the files came from (e.g. <c>MyApp 1.2.0 (archive sha256 ...)</c>), named in messages.</param>
    /// <param name="files">Relative path (<c>/</c>-separated) to hash and length.</param>
    /// <exception cref="FormatException">A path, hash or length is not valid, or a path is listed twice.</exception>
    public VerifiedFiles(string source, IEnumerable<KeyValuePair<string, VerifiedFile>> files)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(files);
        Source = source;
        _files = new Dictionary<string, VerifiedFile>(StringComparer.Ordinal);
        foreach (var (path, file) in files)
        {
            if (CheckPath(path) is { } pathProblem)
            {
                throw new FormatException(pathProblem);
            }

            if (!IsSha256(file.Sha256))
            {
                throw new FormatException($"'{path}': '{file.Sha256}' is not a SHA-256 (64 lower-case hex digits).");
            }

            if (file.Length < 0)
            {
                throw new FormatException($"'{path}': the length {file.Length} is negative.");
            }

            if (!_files.TryAdd(path, file))
            {
                throw new FormatException($"'{path}' is listed twice.");
            }
        }
    }

    /// <summary>What the files came from.</summary>
    public string Source { get; }

    /// <summary>Relative path to hash and length.</summary>
    public IReadOnlyDictionary<string, VerifiedFile> Files => _files;

    /// <summary>The record's path in <paramref name="stateDirectory"/>.</summary>
    /// <param name="stateDirectory">The state directory.</param>
    /// <returns>The path.</returns>
    public static string PathIn(string stateDirectory) => Path.Join(stateDirectory, FileName);

    /// <summary>The lower-case hex SHA-256 of <paramref name="bytes"/>.</summary>
    /// <param name="bytes">The bytes.</param>
    /// <returns>64 hex digits.</returns>
    public static string Sha256Of(ReadOnlySpan<byte> bytes) => Convert.ToHexStringLower(SHA256.HashData(bytes));

    /// <summary>Reads a record.</summary>
    /// <param name="utf8Json">The record's bytes.</param>
    /// <returns>The record.</returns>
    /// <exception cref="FormatException">Not a valid record; the message says why.</exception>
    public static VerifiedFiles Parse(ReadOnlySpan<byte> utf8Json)
    {
        var reader = new Utf8JsonReader(utf8Json, new JsonReaderOptions { CommentHandling = JsonCommentHandling.Disallow, MaxDepth = 8 });
        try
        {
            using var document = JsonDocument.ParseValue(ref reader);
            var top = document.RootElement;
            if (top.ValueKind != JsonValueKind.Object)
            {
                throw new FormatException("the record is not a JSON object.");
            }

            if (!top.TryGetProperty("format", out var format) || format.ValueKind != JsonValueKind.Number || !format.TryGetInt32(out var version))
            {
                throw new FormatException("\"format\" is missing or not a number.");
            }

            if (version != Format)
            {
                throw new FormatException($"\"format\" is {version}; this AeUpdater reads format {Format}.");
            }

            var source = top.TryGetProperty("source", out var sourceElement) && sourceElement.ValueKind == JsonValueKind.String ? sourceElement.GetString()! : "";
            if (!top.TryGetProperty("files", out var filesElement) || filesElement.ValueKind != JsonValueKind.Object)
            {
                throw new FormatException("\"files\" is missing or not an object.");
            }

            var files = new List<KeyValuePair<string, VerifiedFile>>();
            foreach (var property in filesElement.EnumerateObject())
            {
                var entry = property.Value;
                if (entry.ValueKind != JsonValueKind.Object
                    || !entry.TryGetProperty("sha256", out var sha) || sha.ValueKind != JsonValueKind.String
                    || !entry.TryGetProperty("length", out var length) || length.ValueKind != JsonValueKind.Number || !length.TryGetInt64(out var bytes))
                {
                    throw new FormatException($"'{property.Name}': expected {{ \"sha256\": \"<hex>\", \"length\": <bytes> }}.");
                }

                files.Add(new(property.Name, new VerifiedFile(sha.GetString()!, bytes)));
            }

            return new VerifiedFiles(source, files);
        }
        catch (JsonException ex)
        {
            throw new FormatException($"not valid JSON: {ex.Message}", ex);
        }
    }

    /// <summary>Writes the record (indented UTF-8 JSON, paths in ordinal order).</summary>
    /// <returns>The bytes.</returns>
    public byte[] ToUtf8Json()
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true }))
        {
            writer.WriteStartObject();
            writer.WriteNumber("format", Format);
            writer.WriteString("source", Source);
            writer.WriteStartObject("files");
            foreach (var (path, file) in _files.OrderBy(f => f.Key, StringComparer.Ordinal))
            {
                writer.WriteStartObject(path);
                writer.WriteString("sha256", file.Sha256);
                writer.WriteNumber("length", file.Length);
                writer.WriteEndObject();
            }

            writer.WriteEndObject();
            writer.WriteEndObject();
        }

        buffer.WriteByte((byte)'\n');
        return buffer.ToArray();
    }

    /// <summary>Checks <paramref name="bytes"/> read from the root's <paramref name="relativePath"/> against the record.</summary>
    /// <param name="relativePath">The path relative to the root, <c>/</c>-separated.</param>
    /// <param name="fullPath">The path named in the problem.</param>
    /// <param name="bytes">The exact bytes that are loaded.</param>
    /// <param name="problem">Why they do not match: not in the record, or another hash.</param>
    /// <returns>Whether they match.</returns>
    public bool Matches(string relativePath, string fullPath, ReadOnlySpan<byte> bytes, [NotNullWhen(false)] out string? problem)
    {
        if (!_files.TryGetValue(relativePath, out var expected))
        {
            problem = $"{fullPath} is not in a verified archive (the record of {Describe()} has no '{relativePath}')";
            return false;
        }

        var actual = Sha256Of(bytes);
        if (bytes.Length != expected.Length || !string.Equals(actual, expected.Sha256, StringComparison.Ordinal))
        {
            problem = $"{fullPath}'s hash differs from the verified archive (it is SHA-256 {actual}, {bytes.Length} bytes; {Describe()} installed {expected.Sha256}, {expected.Length} bytes)";
            return false;
        }

        problem = null;
        return true;
    }

    private string Describe() => Source.Length == 0 ? "the last verified archive" : Source;

    private static bool IsSha256(string? text) =>
        text is { Length: 64 } && text.All(c => c is (>= '0' and <= '9') or (>= 'a' and <= 'f'));

    private static string? CheckPath(string? path)
    {
        if (string.IsNullOrEmpty(path))
        {
            return "a path is empty.";
        }

        if (path[0] == '/' || path.Contains('\\', StringComparison.Ordinal) || path.Contains('\0', StringComparison.Ordinal) || (path.Length >= 2 && path[1] == ':'))
        {
            return $"'{path}' is not a relative '/'-separated path.";
        }

        return path.Split('/').Any(s => s is "" or "." or "..")
            ? $"'{path}' has an empty, '.' or '..' segment."
            : null;
    }
}
