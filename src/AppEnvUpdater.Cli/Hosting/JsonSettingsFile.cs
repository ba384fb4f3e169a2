using System.Text.Json;
using Microsoft.Extensions.Configuration;

namespace AeUpdater.Cli.Hosting;

/// <summary>
/// The keys and values of an <c>appsettings.json</c>, flattened exactly as <c>AddJsonFile</c>'s provider flattens them
/// (<c>JsonConfigurationFileParser</c> of Microsoft.Extensions.Configuration.Json 11: <c>a:b:0</c> keys, values as
/// <see cref="JsonElement.ToString"/> gives them, <c>null</c> and an empty object as a key without a value, an empty array
/// as an empty value), read without the JSON and file-provider configuration assemblies.
/// A file this cannot read as plainly as that (not there, not a regular file, not UTF-8, not a JSON object, a duplicate
/// key, anything unexpected) is left to <c>AddJsonFile</c>, so that what it reads and the errors it reports stay the same.
/// </summary>
/// <remarks>
/// Why: <c>Microsoft.Extensions.Configuration.Json</c> with its file providers costs about a tenth of
/// <c>ae-updater check-all</c>'s start when nothing is to do (docs/performance.md, "CLI no-op"). The plainest files (the
/// tool's own) are read by <see cref="PlainJsonSettings"/>, without System.Text.Json either; the rest with <c>JsonDocument</c>.
/// </remarks>
internal static class JsonSettingsFile
{
    /// <summary>Larger files (no settings file is) are the provider's.</summary>
    private const long MaxBytes = 16 << 20;

    private static readonly JsonDocumentOptions Options = new() { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true };

    /// <summary>The file's keys and values, or false when <c>AddJsonFile</c> must read it.</summary>
    /// <param name="path">The file (absolute).</param>
    /// <param name="values">The values; <see langword="null"/> when there is no such file (an optional file adds nothing).</param>
    /// <returns>Whether the file was read (or is certainly absent).</returns>
    public static bool TryRead(string path, out Dictionary<string, string?>? values)
    {
        values = null;
        byte[] bytes;
        try
        {
            var info = new FileInfo(path);
            if (!info.Exists)
            {
                // No file, or a folder of that name: the provider treats both as a missing optional file. A link to a file
                // "exists" here and is read below, as the provider reads it.
                return true;
            }

            if (info.Name.StartsWith('.') || (info.Attributes & (FileAttributes.Hidden | FileAttributes.System)) != 0)
            {
                return false;
            }

            // The size is the opened file's, and the bytes are read from it: what is measured is what is parsed.
            using var handle = File.OpenHandle(path);
            var length = RandomAccess.GetLength(handle);
            if (length > MaxBytes)
            {
                return false;
            }

            bytes = AeUpdater.Plugins.UnixHandle.ReadAll(handle, length);
            if (bytes.Length != length)
            {
                // Shorter than it was a moment ago (being rewritten): the provider reads it.
                return false;
            }
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
        {
            return false;
        }

        // The provider reads the text with a StreamReader: a UTF-8 byte order mark is skipped, other marks pick another
        // encoding (left to it).
        var text = bytes.AsMemory();
        if (text.Span.StartsWith((ReadOnlySpan<byte>)[0xEF, 0xBB, 0xBF]))
        {
            text = text[3..];
        }
        else if (text.Length >= 2 && (text.Span[0] is 0xFE or 0xFF or 0 || text.Span[1] == 0))
        {
            return false;
        }

        if (PlainJsonSettings.TryFlatten(text.Span, out var plain))
        {
            // The usual file (the tool's own among them): read without System.Text.Json, with the same result.
            values = plain;
            return true;
        }

        return TryFlattenWithDocument(text, out values);
    }

    /// <summary>The keys and values of a file's UTF-8 text (without a byte order mark) read with <c>JsonDocument</c>.</summary>
    /// <param name="text">The text.</param>
    /// <param name="values">The values when it could be read.</param>
    /// <returns>Whether it could be read as plainly as the provider reads it.</returns>
    internal static bool TryFlattenWithDocument(ReadOnlyMemory<byte> text, out Dictionary<string, string?>? values)
    {
        values = null;
        try
        {
            using var document = JsonDocument.Parse(text, Options);
            if (document.RootElement.ValueKind != JsonValueKind.Object)
            {
                return false;
            }

            var data = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase);
            if (!TryVisitObject(document.RootElement, null, data))
            {
                return false;
            }

            values = data;
            return true;
        }
        catch (Exception ex) when (ex is JsonException or InvalidOperationException)
        {
            // Not JSON, or a string that is not valid UTF-8 (found when it is read).
            return false;
        }
    }

    private static bool TryVisitObject(JsonElement element, string? path, Dictionary<string, string?> data)
    {
        var isEmpty = true;
        foreach (var property in element.EnumerateObject())
        {
            isEmpty = false;
            if (!TryVisitValue(property.Value, path is null ? property.Name : path + ConfigurationPath.KeyDelimiter + property.Name, data))
            {
                return false;
            }
        }

        if (isEmpty && path is not null)
        {
            data[path] = null;
        }

        return true;
    }

    private static bool TryVisitArray(JsonElement element, string path, Dictionary<string, string?> data)
    {
        var index = 0;
        foreach (var item in element.EnumerateArray())
        {
            if (!TryVisitValue(item, path + ConfigurationPath.KeyDelimiter + index.ToString(System.Globalization.CultureInfo.InvariantCulture), data))
            {
                return false;
            }

            index++;
        }

        if (index == 0)
        {
            data[path] = "";
        }

        return true;
    }

    private static bool TryVisitValue(JsonElement value, string path, Dictionary<string, string?> data)
    {
        switch (value.ValueKind)
        {
            case JsonValueKind.Object:
                return TryVisitObject(value, path, data);
            case JsonValueKind.Array:
                return TryVisitArray(value, path, data);
            case JsonValueKind.Null:
                // A duplicate key is the provider's to report (or to resolve).
                return data.TryAdd(path, null);
            case JsonValueKind.Number or JsonValueKind.String or JsonValueKind.True or JsonValueKind.False:
                return data.TryAdd(path, value.ToString());
            default:
                return false;
        }
    }
}
