using System.Text;

namespace AeUpdater;

/// <summary>
/// Text for the state directory and the plugin path without .NET's first-use costs at start-up: no
/// <see cref="System.Globalization.CultureInfo"/> (its first use loads and initialises ICU, about 86 million
/// instructions and 10 ms in a fresh process) and no UTF-8/ASCII transcoder for ASCII text (about 23 million
/// instructions on first use). Every result is the one the .NET call named in each member gives.
/// </summary>
internal static class StartupText
{
    /// <summary>
    /// <c>Encoding.UTF8.GetBytes(text)</c> (plus a NUL byte when <paramref name="nulTerminated"/>): ASCII text is
    /// narrowed in a loop, any other text goes through <see cref="Encoding.UTF8"/>.
    /// </summary>
    /// <param name="text">The text.</param>
    /// <param name="nulTerminated">Append a NUL byte (a C string).</param>
    /// <returns>The bytes.</returns>
    public static byte[] Utf8(string text, bool nulTerminated = false)
    {
        var extra = nulTerminated ? 1 : 0;
        foreach (var c in text)
        {
            if (c >= 0x80)
            {
                var encoded = new byte[Encoding.UTF8.GetByteCount(text) + extra];
                Encoding.UTF8.GetBytes(text, encoded);
                return encoded;
            }
        }

        var bytes = new byte[text.Length + extra];
        for (var i = 0; i < text.Length; i++)
        {
            bytes[i] = (byte)text[i];
        }

        return bytes;
    }

    /// <summary><c>Encoding.UTF8.GetString(bytes)</c>: ASCII bytes are widened in a loop, any others decoded by <see cref="Encoding.UTF8"/>.</summary>
    /// <param name="bytes">UTF-8 bytes.</param>
    /// <returns>The text.</returns>
    public static string FromUtf8(ReadOnlySpan<byte> bytes)
    {
        foreach (var b in bytes)
        {
            if (b >= 0x80)
            {
                return Encoding.UTF8.GetString(bytes);
            }
        }

        return string.Create(bytes.Length, bytes, static (chars, ascii) =>
        {
            for (var i = 0; i < chars.Length; i++)
            {
                chars[i] = (char)ascii[i];
            }
        });
    }

    /// <summary><c>Convert.ToHexStringLower(bytes)</c>.</summary>
    /// <param name="bytes">The bytes.</param>
    /// <returns>Two lower-case hex digits per byte.</returns>
    public static string HexLower(ReadOnlySpan<byte> bytes) =>
        string.Create(bytes.Length * 2, bytes, static (chars, source) =>
        {
            const string Digits = "0123456789abcdef";
            for (var i = 0; i < source.Length; i++)
            {
                chars[2 * i] = Digits[source[i] >> 4];
                chars[(2 * i) + 1] = Digits[source[i] & 0xF];
            }
        });

    /// <summary><c>guid.ToString("N")</c>: 32 lower-case hex digits.</summary>
    /// <param name="guid">The GUID.</param>
    /// <returns>Its digits.</returns>
    public static string HexLower(Guid guid)
    {
        Span<byte> bytes = stackalloc byte[16];
        guid.TryWriteBytes(bytes, bigEndian: true, out _);
        return HexLower(bytes);
    }

    /// <summary><c>value.ToString(CultureInfo.InvariantCulture)</c> of a non-negative number.</summary>
    /// <param name="value">A number ≥ 0.</param>
    /// <returns>Its decimal digits.</returns>
    public static string Digits(long value)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(value);
        Span<char> digits = stackalloc char[20];
        var at = digits.Length;
        do
        {
            digits[--at] = (char)('0' + (int)(value % 10));
            value /= 10;
        }
        while (value != 0);

        return new string(digits[at..]);
    }

    /// <summary><c>time.ToString("O", CultureInfo.InvariantCulture)</c>: <c>yyyy-MM-ddTHH:mm:ss.fffffff+hh:mm</c>.</summary>
    /// <param name="time">The time.</param>
    /// <returns>The round-trip form.</returns>
    public static string RoundTrip(DateTimeOffset time)
    {
        var clock = time.DateTime;
        var offsetMinutes = (int)(time.Offset.Ticks / TimeSpan.TicksPerMinute);
        Span<char> text = stackalloc char[33];
        Put(text, 0, clock.Year, 4);
        text[4] = '-';
        Put(text, 5, clock.Month, 2);
        text[7] = '-';
        Put(text, 8, clock.Day, 2);
        text[10] = 'T';
        Put(text, 11, clock.Hour, 2);
        text[13] = ':';
        Put(text, 14, clock.Minute, 2);
        text[16] = ':';
        Put(text, 17, clock.Second, 2);
        text[19] = '.';
        Put(text, 20, (int)(clock.Ticks % TimeSpan.TicksPerSecond), 7);
        text[27] = offsetMinutes < 0 ? '-' : '+';
        offsetMinutes = Math.Abs(offsetMinutes);
        Put(text, 28, offsetMinutes / 60, 2);
        text[30] = ':';
        Put(text, 31, offsetMinutes % 60, 2);
        return new string(text);

        static void Put(Span<char> text, int at, int value, int width)
        {
            for (var i = at + width - 1; i >= at; i--)
            {
                text[i] = (char)('0' + (value % 10));
                value /= 10;
            }
        }
    }
}
