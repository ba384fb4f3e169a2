namespace AeUpdater.Placeholders.Tests;

public sealed class DefuserTests
{
    // The table of reference §2.2, written out here independently of the implementation.
    private static readonly Dictionary<char, char> ExpectedTable = new()
    {
        ['/'] = '\u2044',
        ['|'] = '\u0964',
        ['\\'] = '\uFE68',
        [':'] = '\uFE55',
        ['*'] = '\uFE61',
        ['?'] = '\uFE56',
        ['"'] = '\uFF02',
        ['\''] = '\u2018',
        ['<'] = '\u27E8',
        ['>'] = '\u27E9',
        ['('] = '\u27EE',
        [')'] = '\u27EF',
        ['['] = '\u27E6',
        [']'] = '\u27E7',
        ['{'] = '\uFE5B',
        ['}'] = '\uFE5C',
        ['#'] = '\uFE5F',
        [';'] = '\uFE54',
        ['@'] = '\uFE6B',
        ['&'] = '\uFE60',
        ['='] = '\uFE66',
        ['+'] = '\uFE62',
        ['$'] = '\uFE69',
        ['%'] = '\uFE6A',
        ['^'] = '\uFF3E',
        [','] = '\uFE50',
        [' '] = '\u2423',
        ['\u007F'] = '\u2421',
    };

    public static TheoryData<int> AsciiCodePoints()
    {
        var data = new TheoryData<int>();
        for (var code = 0; code < 128; code++)
        {
            data.Add(code);
        }

        return data;
    }

    private static char Expected(char c) =>
        c < 0x20 ? (char)(0x2400 + c) : ExpectedTable.TryGetValue(c, out var mapped) ? mapped : c;

    [Theory]
    [MemberData(nameof(AsciiCodePoints))]
    public void Defuse_EveryAsciiCodePoint_MatchesReferenceTable(int code)
    {
        var c = (char)code;

        var defused = Defuser.Defuse(c.ToString());

        Assert.Equal(Expected(c).ToString(), defused);
    }

    [Theory]
    [MemberData(nameof(AsciiCodePoints))]
    public void Dedefuse_EveryAsciiCodePoint_RoundTrips(int code)
    {
        var text = "a" + (char)code + "b" + (char)code;

        var back = Defuser.Dedefuse(Defuser.Defuse(text));

        Assert.Equal(text, back);
    }

    [Fact]
    public void Defuse_AllAsciiInOneString_RoundTripsAndLeavesOnlyTheUnmappedAscii()
    {
        var all = new string([.. Enumerable.Range(0, 128).Select(i => (char)i)]);

        var defused = Defuser.Defuse(all);

        Assert.Equal(new string([.. all.Select(Expected)]), defused);
        Assert.Equal(all, Defuser.Dedefuse(defused));
        var keptAscii = new string([.. defused.Where(c => c < 128)]);
        Assert.Equal("!-.0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ_`abcdefghijklmnopqrstuvwxyz~", keptAscii);
    }

    [Theory]
    [InlineData("_")]
    [InlineData(".")]
    [InlineData("-")]
    [InlineData("~")]
    [InlineData("!")]
    [InlineData("`")]
    [InlineData("ae_updater_moves___ToPath__")]
    public void Defuse_CharactersNotInTable_AreKept(string text)
    {
        Assert.Equal(text, Defuser.Defuse(text));
    }

    [Theory]
    [InlineData("https://u:p@h/x y?a=b&c#f", "https\u2AFBu\uFE55p\uFE6Bh\u2044x\u2423y\uFE56a\uFE66b\uFE60c\uFE5Ff")]
    [InlineData("C:\\Users\\x", "C\uFE55\uFE68Users\uFE68x")]
    [InlineData("a://b", "a\u2AFBb")]
    [InlineData("a:/b", "a\uFE55\u2044b")]
    [InlineData("a:///b", "a\u2AFB\u2044b")]
    [InlineData("{downloads}", "\uFE5Bdownloads\uFE5C")]
    [InlineData("{app}/config", "\uFE5Bapp\uFE5C\u2044config")]
    [InlineData("", "")]
    public void Defuse_ReferenceExamples_MatchUpstream(string input, string expected)
    {
        Assert.Equal(expected, Defuser.Defuse(input));
        Assert.Equal(input, Defuser.Dedefuse(expected));
    }

    [Theory]
    [InlineData("::///", "\uFE55\u2AFB\u2044")]
    [InlineData(":////", "\u2AFB\u2044\u2044")]
    [InlineData("://://", "\u2AFB\u2AFB")]
    public void Defuse_UriSeparator_IsReplacedBeforeTheTable(string input, string expected)
    {
        Assert.Equal(expected, Defuser.Defuse(input));
        Assert.Equal(input, Defuser.Dedefuse(expected));
    }

    [Theory]
    [InlineData("x\u2AFBy", "x://y")]
    [InlineData("\u2044", "/")]
    [InlineData("a\u2423b", "a b")]
    [InlineData("\u2400", "\0")]
    [InlineData("\uFE55\u2044\u2044", "://")]
    public void Dedefuse_TextAlreadyHoldingTargetCharacters_IsLossy(string input, string expected)
    {
        Assert.Equal(expected, Defuser.Dedefuse(input));
    }

    [Theory]
    [InlineData("\u00E4\u00DF\u20AC\U0001F600")]
    [InlineData("\u2045\u2AFC")]
    public void Defuse_NonAsciiNotInTable_IsKept(string text)
    {
        Assert.Equal(text, Defuser.Defuse(text));
        Assert.Equal(text, Defuser.Dedefuse(text));
    }

    [Fact]
    public void Table_ListsTheReferenceRowsAndControlCharacters()
    {
        var table = Defuser.Table;

        Assert.Equal(ExpectedTable.Count + 32, table.Count);
        Assert.Equal(table.Count, table.Select(p => p.Ascii).Distinct().Count());
        Assert.Equal(table.Count, table.Select(p => p.Unicode).Distinct().Count());
        foreach (var (ascii, unicode) in table)
        {
            Assert.Equal(Expected(ascii), unicode);
        }
    }

    [Fact]
    public void Table_CannotBeModifiedThroughACast()
    {
        var table = Defuser.Table;

        if (table is IList<(char Ascii, char Unicode)> list)
        {
            Assert.Throws<NotSupportedException>(() => list[0] = ('a', 'b'));
        }

        Assert.Equal(('/', '\u2044'), Defuser.Table[0]);
        Assert.Equal("\u2044", Defuser.Defuse("/"));
    }

    [Fact]
    public void UriSeparatorConstants_AreTheReferenceValues()
    {
        Assert.Equal("://", Defuser.UriSeparator);
        Assert.Equal('\u2AFB', Defuser.UriSeparatorChar);
    }

    [Fact]
    public void Defuse_Null_Throws()
    {
        Assert.Throws<ArgumentNullException>(() => Defuser.Defuse(null!));
        Assert.Throws<ArgumentNullException>(() => Defuser.Dedefuse(null!));
    }
}
