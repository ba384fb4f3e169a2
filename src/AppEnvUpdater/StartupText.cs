namespace AeUpdater;

/// <summary>
/// Text for the state directory and the plugin path without .NET's first-use costs at start-up: no
/// <see cref="System.Globalization.CultureInfo"/> (its first use loads and initialises ICU, about 86 million
/// instructions and 10 ms in a fresh process). Every result is the one the .NET call named in each member gives. Text to
/// and from UTF-8 without the transcoder's first use: <c>FastUnix.Encode</c> and <c>FastUnix.Decode</c>.
/// </summary>
internal static class StartupText
{
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
