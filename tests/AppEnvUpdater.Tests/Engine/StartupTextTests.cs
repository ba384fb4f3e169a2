using System.Globalization;
using System.Text;
using AeUpdater.Placeholders;

namespace AeUpdater.Tests.Engine;

/// <summary>
/// <see cref="StartupText"/> gives, for every input, exactly what the .NET call it replaces on the start-up path gives
/// (the ledger's bytes, the lock file's pid, the plugin identity hash's hex form, the run id's form, C-string paths).
/// </summary>
public sealed class StartupTextTests
{
    public static TheoryData<string> Texts =>
    [
        "", "a", "/tmp/app/ae_pre_app_run", "plain_name-1.2:3+4", "\u00e9t\u00e9", "\u65e5\u672c/\u8a9e", "emoji \ud83d\ude00",
        "lone \ud800 high", "lone \udc00 low", "\u007f\u0080", "tab\tand\nnew line", new string('x', 5000) + "\u00ff",
    ];

    [Theory]
    [MemberData(nameof(Texts))]
    public void Utf8_IsEncodingUtf8_WithAndWithoutNul(string text)
    {
        Assert.Equal(Encoding.UTF8.GetBytes(text), FastUnix.Encode(text, nulTerminated: false));
        Assert.Equal(Encoding.UTF8.GetBytes(text + "\0"), FastUnix.Encode(text));
    }

    [Theory]
    [MemberData(nameof(Texts))]
    public void FromUtf8_IsEncodingUtf8GetString(string text)
    {
        var bytes = Encoding.UTF8.GetBytes(text);
        Assert.Equal(Encoding.UTF8.GetString(bytes), FastUnix.Decode(bytes));
    }

    [Fact]
    public void FromUtf8_InvalidBytes_AreReplacedAsTheDecoderDoes()
    {
        byte[][] inputs = [[0xff], [0xc3], [0x61, 0xe2, 0x82], [0xed, 0xa0, 0x80], [0xf0, 0x9f, 0x98], [0x80, 0x41], [0x00, 0x7f]];
        foreach (var bytes in inputs)
        {
            Assert.Equal(Encoding.UTF8.GetString(bytes), FastUnix.Decode(bytes));
        }
    }

    [Theory]
    [InlineData(0L)]
    [InlineData(7L)]
    [InlineData(10L)]
    [InlineData(4194304L)]
    [InlineData(int.MaxValue)]
    [InlineData(long.MaxValue)]
    public void Digits_IsInvariantToString(long value) =>
        Assert.Equal(value.ToString(CultureInfo.InvariantCulture), StartupText.Digits(value));

    [Fact]
    public void Digits_OfANegativeNumber_Throws() => Assert.Throws<ArgumentOutOfRangeException>(() => StartupText.Digits(-1));

    [Fact]
    public void RoundTrip_IsTheOFormat_ForOffsetsAndFractions()
    {
        var random = new Random(14);
        var times = new List<DateTimeOffset>
        {
            DateTimeOffset.MinValue, DateTimeOffset.MaxValue, DateTimeOffset.UnixEpoch, DateTimeOffset.UtcNow, DateTimeOffset.Now,
            new(2026, 11, 30, 21, 5, 9, TimeSpan.Zero),
            new(new DateTime(2026, 1, 2, 3, 4, 5).AddTicks(1234567), TimeSpan.FromHours(14)),
            new(new DateTime(1, 1, 1, 0, 0, 0).AddTicks(1), TimeSpan.FromMinutes(-(13 * 60) - 45)),
            new(new DateTime(9999, 12, 31, 23, 59, 59).AddTicks(9999999), TimeSpan.FromMinutes(30)),
        };
        for (var i = 0; i < 2000; i++)
        {
            var ticks = random.NextInt64(DateTime.MinValue.Ticks + TimeSpan.TicksPerDay, DateTime.MaxValue.Ticks - TimeSpan.TicksPerDay);
            times.Add(new DateTimeOffset(ticks, TimeSpan.FromMinutes(random.Next(-14 * 60, (14 * 60) + 1))));
        }

        foreach (var time in times)
        {
            Assert.Equal(time.ToString("O", CultureInfo.InvariantCulture), StartupText.RoundTrip(time));
        }
    }

    [Fact]
    public void HexLower_IsConvertToHexStringLower_AndGuidN()
    {
        var random = new Random(14);
        for (var length = 0; length <= 70; length++)
        {
            var bytes = new byte[length];
            random.NextBytes(bytes);
            Assert.Equal(Convert.ToHexStringLower(bytes), StartupText.HexLower(bytes));
        }

        byte[] all = [.. Enumerable.Range(0, 256).Select(b => (byte)b)];
        Assert.Equal(Convert.ToHexStringLower(all), StartupText.HexLower(all));
        foreach (var guid in new[] { Guid.Empty, Guid.AllBitsSet, Guid.NewGuid(), Guid.NewGuid(), new Guid("00112233-4455-6677-8899-aabbccddeeff") })
        {
            Assert.Equal(guid.ToString("N"), StartupText.HexLower(guid));
        }
    }
}
