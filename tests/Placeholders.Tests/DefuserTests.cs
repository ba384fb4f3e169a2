namespace AeUpdater.Placeholders.Tests;

public sealed class DefuserTests
{
    [Theory]
    [InlineData("{downloads}", "\uFE5Bdownloads\uFE5C")]
    [InlineData("a:/b", "a\uFE55\u2044b")]
    [InlineData("a:///b", "a\u2AFB\u2044b")]
    public void Defuse_ReferenceExamples_MatchUpstream(string input, string expected)
    {
        Assert.Equal(expected, Defuser.Defuse(input));
        Assert.Equal(input, Defuser.Dedefuse(expected));
    }
}
