using AeUpdater.Placeholders;

namespace AeUpdater.Journaling;

/// <summary>
/// A state-file record in the plain form AeUpdater writes for the plugin ledger and the journal's short records, read
/// without System.Text.Json: one JSON object without white space whose values are strings without escapes, non-negative
/// integers of at most nine digits, <c>true</c>, <c>false</c> or <c>null</c>, each field name once.
/// </summary>
/// <remarks>
/// A start with only an every-start plugin reads and appends ledger records and nothing else; loading and compiling a
/// JSON library for that cost more than the rest of the ledger's work (docs/performance.md, "every-start plugin").
/// Any line outside this form (escapes, white space, other numbers, nested values, a repeated name, anything invalid) is
/// left to <see cref="StateFileReader.TryParse"/>, the full JSON parser, so every line is read as before: what this
/// accepts is valid JSON, and its fields read the same as the parser's.
/// </remarks>
internal sealed class PlainRecord : IStateRecord
{
    private const int MaxDigits = 9; // fits an int

    private readonly List<Field> _fields;

    private PlainRecord(List<Field> fields) => _fields = fields;

    private enum Kind
    {
        String,
        Number,
        True,
        False,
        Null,
    }

    /// <summary>Parses a line in the plain form; <see langword="false"/> for anything else (then the full parser decides).</summary>
    /// <param name="line">One line, valid UTF-8 (the caller checks).</param>
    /// <param name="record">The record.</param>
    /// <returns>Whether the line is in the plain form.</returns>
    public static bool TryParse(ReadOnlySpan<byte> line, out PlainRecord? record)
    {
        record = null;
        if (line.Length < 2 || line[0] != (byte)'{' || line[^1] != (byte)'}')
        {
            return false;
        }

        var fields = new List<Field>(6);
        var at = 1;
        if (line.Length > 2)
        {
            while (true)
            {
                if (!TryString(line, ref at, out var name) || at >= line.Length || line[at] != (byte)':')
                {
                    return false;
                }

                at++;
                if (!TryValue(line, ref at, out var field) || Find(fields, name) >= 0 || at >= line.Length)
                {
                    return false;
                }

                fields.Add(field with { Name = name });
                if (line[at] == (byte)',')
                {
                    at++;
                    continue;
                }

                if (line[at] == (byte)'}' && at == line.Length - 1)
                {
                    break;
                }

                return false;
            }
        }

        record = new PlainRecord(fields);
        return true;
    }

    public string? Str(string name) => Get(name) is { Kind: Kind.String } field ? field.Text : null;

    public bool OptionalStr(string name, out string? value)
    {
        var field = Get(name);
        value = field is { Kind: Kind.String } ? field.Text : null;
        return field is null or { Kind: Kind.Null or Kind.String };
    }

    public bool TryBool(string name, out bool value)
    {
        var field = Get(name);
        value = field is { Kind: Kind.True };
        return field is { Kind: Kind.True or Kind.False };
    }

    public bool TryCount(string name, out int value)
    {
        var field = Get(name);
        value = field is { Kind: Kind.Number } ? field.Number : 0;
        return field is { Kind: Kind.Number };
    }

    private Field? Get(string name)
    {
        var at = Find(_fields, name);
        return at < 0 ? null : _fields[at];
    }

    private static int Find(List<Field> fields, string name)
    {
        for (var i = 0; i < fields.Count; i++)
        {
            if (string.Equals(fields[i].Name, name, StringComparison.Ordinal))
            {
                return i;
            }
        }

        return -1;
    }

    private static bool TryValue(ReadOnlySpan<byte> line, ref int at, out Field field)
    {
        field = null!;
        var rest = line[at..];
        if (rest.IsEmpty)
        {
            return false;
        }

        if (rest[0] == (byte)'"')
        {
            var ok = TryString(line, ref at, out var text);
            field = new Field("", Kind.String, text, 0);
            return ok;
        }

        if (rest[0] is >= (byte)'0' and <= (byte)'9')
        {
            var digits = 0;
            var number = 0;
            while (digits < rest.Length && rest[digits] is >= (byte)'0' and <= (byte)'9')
            {
                if (++digits > MaxDigits)
                {
                    return false;
                }

                number = (number * 10) + (rest[digits - 1] - '0');
            }

            if (digits > 1 && rest[0] == (byte)'0')
            {
                return false; // a leading zero is not JSON
            }

            at += digits;
            field = new Field("", Kind.Number, null, number);
            return true;
        }

        if (rest.StartsWith("true"u8))
        {
            field = new Field("", Kind.True, null, 0);
            at += 4;
        }
        else if (rest.StartsWith("false"u8))
        {
            field = new Field("", Kind.False, null, 0);
            at += 5;
        }
        else if (rest.StartsWith("null"u8))
        {
            field = new Field("", Kind.Null, null, 0);
            at += 4;
        }

        return field is not null;
    }

    /// <summary>A string without escapes or control characters (those are left to the full parser).</summary>
    private static bool TryString(ReadOnlySpan<byte> line, ref int at, out string text)
    {
        text = "";
        if (at >= line.Length || line[at] != (byte)'"')
        {
            return false;
        }

        var content = line[(at + 1)..];
        var end = content.IndexOfAny((byte)'"', (byte)'\\');
        if (end < 0 || content[end] != (byte)'"')
        {
            return false;
        }

        foreach (var b in content[..end])
        {
            if (b < 0x20)
            {
                return false; // a control character is not JSON
            }
        }

        text = FastUnix.Decode(content[..end]);
        at += end + 2;
        return true;
    }

    private sealed record Field(string Name, Kind Kind, string? Text, int Number);
}
