using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace AeUpdater.Tuf.Json;

/// <summary>
/// OLPC canonical JSON, as securesystemslib writes it for TUF signatures: no whitespace, object keys sorted by code
/// point, strings with only <c>"</c> and <c>\</c> escaped (everything else raw UTF-8), integers only.
/// </summary>
public static class CanonicalJson
{
    /// <summary>The canonical bytes of <paramref name="node"/>.</summary>
    /// <exception cref="MetadataFormatException">A number that is not an integer (canonical JSON has none).</exception>
    public static byte[] Encode(JsonNode? node)
    {
        using var stream = new MemoryStream();
        Write(stream, node);
        return stream.ToArray();
    }

    /// <summary>Parses JSON strictly: no duplicate keys, no comments, no trailing commas.</summary>
    /// <exception cref="MetadataFormatException">Not valid JSON.</exception>
    public static JsonNode Parse(ReadOnlySpan<byte> utf8)
    {
        try
        {
            var node = JsonNode.Parse(utf8, documentOptions: new JsonDocumentOptions { AllowDuplicateProperties = false, MaxDepth = 64 });
            return node ?? throw new MetadataFormatException("The metadata is the JSON value null.");
        }
        catch (Exception ex) when (ex is JsonException or ArgumentException or InvalidOperationException)
        {
            throw new MetadataFormatException("The metadata is not valid JSON: " + ex.Message, ex);
        }
    }

    private static void Write(Stream stream, JsonNode? node)
    {
        switch (node)
        {
            case null:
                WriteAscii(stream, "null");
                break;
            case JsonObject obj:
                stream.WriteByte((byte)'{');
                var first = true;
                foreach (var (key, value) in obj.OrderBy(p => p.Key, CodePointComparer.Instance))
                {
                    if (!first)
                    {
                        stream.WriteByte((byte)',');
                    }

                    first = false;
                    WriteString(stream, key);
                    stream.WriteByte((byte)':');
                    Write(stream, value);
                }

                stream.WriteByte((byte)'}');
                break;
            case JsonArray array:
                stream.WriteByte((byte)'[');
                for (var i = 0; i < array.Count; i++)
                {
                    if (i > 0)
                    {
                        stream.WriteByte((byte)',');
                    }

                    Write(stream, array[i]);
                }

                stream.WriteByte((byte)']');
                break;
            case JsonValue value:
                WriteValue(stream, value);
                break;
            default:
                throw new MetadataFormatException("Unsupported JSON node.");
        }
    }

    private static void WriteValue(Stream stream, JsonValue value)
    {
        switch (value.GetValueKind())
        {
            case JsonValueKind.String:
                WriteString(stream, value.GetValue<string>());
                break;
            case JsonValueKind.True:
                WriteAscii(stream, "true");
                break;
            case JsonValueKind.False:
                WriteAscii(stream, "false");
                break;
            case JsonValueKind.Null:
                WriteAscii(stream, "null");
                break;
            case JsonValueKind.Number:
                if (!TryGetInteger(value, out var integer))
                {
                    throw new MetadataFormatException($"Canonical JSON has no floating-point numbers: '{value.ToJsonString()}'.");
                }

                WriteAscii(stream, integer.ToString(CultureInfo.InvariantCulture));
                break;
            default:
                throw new MetadataFormatException("Unsupported JSON value.");
        }
    }

    /// <summary>Reads an integer written without fraction or exponent (<c>1.0</c> and <c>1e3</c> are not integers).</summary>
    internal static bool TryGetInteger(JsonValue value, out long integer)
    {
        integer = 0;
        if (value.GetValueKind() != JsonValueKind.Number)
        {
            return false;
        }

        var text = value.ToJsonString();
        return !text.Contains('.', StringComparison.Ordinal) && !text.Contains('e', StringComparison.OrdinalIgnoreCase)
            && long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out integer);
    }

    private static void WriteString(Stream stream, string text)
    {
        stream.WriteByte((byte)'"');
        var escaped = text.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal);
        stream.Write(new UTF8Encoding(false, true).GetBytes(escaped));
        stream.WriteByte((byte)'"');
    }

    private static void WriteAscii(Stream stream, string text) => stream.Write(Encoding.ASCII.GetBytes(text));

    /// <summary>Orders strings by Unicode code point (as Python sorts <c>str</c>), not by UTF-16 unit.</summary>
    private sealed class CodePointComparer : IComparer<string>
    {
        public static readonly CodePointComparer Instance = new();

        public int Compare(string? x, string? y)
        {
            var a = (x ?? string.Empty).EnumerateRunes();
            var b = (y ?? string.Empty).EnumerateRunes();
            while (true)
            {
                var hasA = a.MoveNext();
                var hasB = b.MoveNext();
                if (!hasA || !hasB)
                {
                    return hasA.CompareTo(hasB);
                }

                var c = a.Current.Value.CompareTo(b.Current.Value);
                if (c != 0)
                {
                    return c;
                }
            }
        }
    }
}
