using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Text;

namespace AeUpdater.Cli.Hosting;

/// <summary>
/// Flattens the plainest settings files without System.Text.Json: ASCII text; objects and arrays; strings without escapes
/// or control characters; numbers in JSON's grammar (kept as written); <c>true</c>, <c>false</c>, <c>null</c>; <c>//</c> and
/// <c>/* */</c> comments and trailing commas where <see cref="JsonSettingsFile"/>'s <c>JsonDocument</c> allows them. Anything
/// else is declined, and <see cref="JsonSettingsFile"/> reads the file with <c>JsonDocument</c> as before.
/// </summary>
/// <remarks>
/// Where it accepts a file, the result is exactly <see cref="JsonSettingsFile"/>'s: the same keys and values, made by the
/// same dictionary operations in the same (document) order, so a duplicate key is declined as it is there. Why: parsing
/// the tool's own 500-byte <c>appsettings.json</c> with <c>JsonDocument</c> cost a start of <c>ae-updater</c> with nothing
/// to do about 38 million instructions (System.Text.Json's first use, 19 methods the JIT compiles; docs/performance.md,
/// "CLI no-op").
/// </remarks>
internal ref struct PlainJsonSettings
{
    /// <summary>Deeper files (none is) are <c>JsonDocument</c>'s, which has its own limit.</summary>
    private const int MaxDepth = 32;

    private readonly ReadOnlySpan<byte> _text;
    private readonly Dictionary<string, string?> _data;
    private int _position;

    private PlainJsonSettings(ReadOnlySpan<byte> text)
    {
        _text = text;
        _data = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase);
    }

    /// <summary>The keys and values of a plain settings file (its UTF-8 bytes, without a byte order mark).</summary>
    /// <param name="utf8">The file's bytes.</param>
    /// <param name="values">The keys and values when the file is plain.</param>
    /// <returns>Whether the file is plain (else <c>JsonDocument</c> must read it).</returns>
    public static bool TryFlatten(ReadOnlySpan<byte> utf8, [NotNullWhen(true)] out Dictionary<string, string?>? values)
    {
        values = null;
        foreach (var b in utf8)
        {
            if (b >= 0x80)
            {
                // Non-ASCII text: JsonDocument checks that it is valid UTF-8.
                return false;
            }
        }

        var reader = new PlainJsonSettings(utf8);
        if (!reader.SkipTrivia() || reader.Next != '{' || !reader.Object(null, 1) || !reader.SkipTrivia() || reader._position != utf8.Length)
        {
            return false;
        }

        values = reader._data;
        return true;
    }

    /// <summary>The byte at the position, or 0 at the end (a NUL in the text is declined wherever it is).</summary>
    private readonly byte Next => _position < _text.Length ? _text[_position] : (byte)0;

    /// <summary>Skips white space and comments; false for a stray <c>/</c> or an unterminated comment.</summary>
    private bool SkipTrivia()
    {
        while (_position < _text.Length)
        {
            switch (_text[_position])
            {
                case (byte)' ' or (byte)'\t' or (byte)'\n' or (byte)'\r':
                    _position++;
                    break;
                case (byte)'/' when _position + 1 < _text.Length && _text[_position + 1] == '/':
                    _position += 2;
                    while (_position < _text.Length && _text[_position] is not ((byte)'\n' or (byte)'\r'))
                    {
                        _position++;
                    }

                    break;
                case (byte)'/' when _position + 1 < _text.Length && _text[_position + 1] == '*':
                    var end = _text[(_position + 2)..].IndexOf("*/"u8);
                    if (end < 0)
                    {
                        return false;
                    }

                    _position += 2 + end + 2;
                    break;
                case (byte)'/':
                    return false;
                default:
                    return true;
            }
        }

        return true;
    }

    /// <summary>An object at the position (<c>{</c>), as JsonSettingsFile's <c>TryVisitObject</c> flattens it.</summary>
    private bool Object(string? path, int depth)
    {
        if (depth > MaxDepth)
        {
            return false;
        }

        _position++;
        var isEmpty = true;
        while (true)
        {
            if (!SkipTrivia())
            {
                return false;
            }

            if (Next == '}')
            {
                // The end, also after a trailing comma ('{,}' is refused below: a name must come first).
                _position++;
                break;
            }

            // White space may come between a name and its colon, a comment may not (JsonDocument refuses it there).
            if (!String(out var name))
            {
                return false;
            }

            while (Next is (byte)' ' or (byte)'\t' or (byte)'\n' or (byte)'\r')
            {
                _position++;
            }

            if (Next != ':')
            {
                return false;
            }

            _position++;
            isEmpty = false;
            if (!SkipTrivia() || !Value(path is null ? name : path + ":" + name, depth) || !AfterItem((byte)'}'))
            {
                return false;
            }
        }

        if (isEmpty && path is not null)
        {
            _data[path] = null;
        }

        return true;
    }

    /// <summary>An array at the position (<c>[</c>), as JsonSettingsFile's <c>TryVisitArray</c> flattens it.</summary>
    private bool Array(string path, int depth)
    {
        if (depth > MaxDepth)
        {
            return false;
        }

        _position++;
        var index = 0;
        while (true)
        {
            if (!SkipTrivia())
            {
                return false;
            }

            if (Next == ']')
            {
                _position++;
                break;
            }

            if (!Value(path + ":" + index.ToString(CultureInfo.InvariantCulture), depth) || !AfterItem((byte)']'))
            {
                return false;
            }

            index++;
        }

        if (index == 0)
        {
            _data[path] = "";
        }

        return true;
    }

    /// <summary>
    /// After an object's property or an array's item: a comma (consumed), or the closing bracket (left for the loop to end
    /// on); anything else is refused.
    /// </summary>
    private bool AfterItem(byte close)
    {
        if (!SkipTrivia())
        {
            return false;
        }

        if (Next == ',')
        {
            _position++;
            return true;
        }

        return Next == close;
    }

    /// <summary>A value at the position, as JsonSettingsFile's <c>TryVisitValue</c> flattens it.</summary>
    private bool Value(string path, int depth)
    {
        switch (Next)
        {
            case (byte)'{':
                return Object(path, depth + 1);
            case (byte)'[':
                return Array(path, depth + 1);
            case (byte)'"':
                return String(out var text) && _data.TryAdd(path, text);
            case (byte)'t':
                return Literal("true"u8) && _data.TryAdd(path, "True");
            case (byte)'f':
                return Literal("false"u8) && _data.TryAdd(path, "False");
            case (byte)'n':
                return Literal("null"u8) && _data.TryAdd(path, null);
            case (byte)'-' or (>= (byte)'0' and <= (byte)'9'):
                var start = _position;
                return Number() && _data.TryAdd(path, Encoding.ASCII.GetString(_text[start.._position]));
            default:
                return false;
        }
    }

    /// <summary>A string without escapes or control characters at the position (<c>"</c>).</summary>
    private bool String([NotNullWhen(true)] out string? text)
    {
        text = null;
        if (Next != '"')
        {
            return false;
        }

        var start = ++_position;
        while (_position < _text.Length)
        {
            var b = _text[_position];
            if (b == '"')
            {
                text = Encoding.ASCII.GetString(_text[start.._position]);
                _position++;
                return true;
            }

            if (b == '\\' || b < 0x20)
            {
                return false;
            }

            _position++;
        }

        return false;
    }

    /// <summary>The literal at the position; what follows it is checked by the caller (a separator or an end must come).</summary>
    private bool Literal(ReadOnlySpan<byte> literal)
    {
        if (!_text[_position..].StartsWith(literal))
        {
            return false;
        }

        _position += literal.Length;
        return true;
    }

    /// <summary>A number in JSON's grammar: <c>-?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?</c>.</summary>
    private bool Number()
    {
        if (Next == '-')
        {
            _position++;
        }

        if (Next == '0')
        {
            _position++;
        }
        else if (!Digits())
        {
            return false;
        }

        if (Next == '.')
        {
            _position++;
            if (!Digits())
            {
                return false;
            }
        }

        if (Next is (byte)'e' or (byte)'E')
        {
            _position++;
            if (Next is (byte)'+' or (byte)'-')
            {
                _position++;
            }

            if (!Digits())
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>One or more digits.</summary>
    private bool Digits()
    {
        var start = _position;
        while (Next is >= (byte)'0' and <= (byte)'9')
        {
            _position++;
        }

        return _position > start;
    }
}
