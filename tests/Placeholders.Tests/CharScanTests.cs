namespace AeUpdater.Placeholders.Tests;

/// <summary>
/// <see cref="CharScan"/> (the loops the no-op <c>CheckAll</c> uses instead of the vectorised searches) answers what
/// <c>string.IndexOf</c>, <c>IndexOfAny</c> and <c>Contains</c> answer.
/// </summary>
public sealed class CharScanTests
{
    public static TheoryData<string> Texts => new()
    {
        "",
        "{",
        "}",
        "{usr}",
        "{app}/.aeupdater",
        "/home/user/.config/app",
        "a\0b",
        "\0",
        "no braces at all, but a long text that goes past sixteen and thirty-two characters: /x/y/z/{late}",
        "Ünïcödé-名前/{app}}}",
        @"C:\Users\me",
        "freebsd13",
        "0123456789",
        "12a3",
        "٣4",
    };

    [Theory]
    [MemberData(nameof(Texts))]
    public void Searches_AnswerWhatStringGives(string text)
    {
        foreach (var c in new[] { '{', '}', '/', '\\', '\0', 'e', '名' })
        {
            Assert.Equal(text.IndexOf(c, StringComparison.Ordinal), CharScan.IndexOf(text, c));
            Assert.Equal(text.Contains(c, StringComparison.Ordinal), CharScan.Contains(text, c));
            for (var start = 0; start <= text.Length; start++)
            {
                Assert.Equal(text.IndexOf(c, start), CharScan.IndexOf(text, c, start));
            }
        }

        for (var start = 0; start <= text.Length; start++)
        {
            var found = text.AsSpan(start).IndexOfAnyExceptInRange('0', '9');
            Assert.Equal(found < 0 ? -1 : start + found, CharScan.IndexOfAnyExceptAsciiDigit(text, start));
        }

        Assert.Equal(text.IndexOfAny(['{', '}']), CharScan.IndexOfAny(text, '{', '}'));
        Assert.Equal(text.IndexOfAny(['/', '\\']), CharScan.IndexOfAny(text, '/', '\\'));
    }
}
