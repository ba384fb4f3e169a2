using System.Runtime.CompilerServices;

namespace AeUpdater.Placeholders.Tests;

/// <summary>Freezes the public surface of AeUpdater.Placeholders: a change shows in the diff of PublicApi.approved.txt.</summary>
public sealed class PublicApiTests
{
    [Fact]
    public void PublicApi_MatchesApprovedFile()
    {
        PublicApiPrinter.AssertMatchesApproved(typeof(PlaceholderMap).Assembly, SourceFolder());
    }

    [Fact]
    public void Print_SameAssemblyTwice_GivesTheSameText()
    {
        var first = PublicApiPrinter.Print(typeof(PlaceholderMap).Assembly);
        var second = PublicApiPrinter.Print(typeof(PlaceholderMap).Assembly);

        Assert.Equal(first, second);
        Assert.Contains("public static string Defuse(string value)", first, StringComparison.Ordinal);
        Assert.Contains("public sealed class AeUpdater.Placeholders.PlaceholderMap", first, StringComparison.Ordinal);
        Assert.DoesNotContain("PlaceholderResolver", first, StringComparison.Ordinal);
        Assert.DoesNotContain("XdgUserDirs", first, StringComparison.Ordinal);
        Assert.DoesNotContain("get_", first, StringComparison.Ordinal);
    }

    [Fact]
    public void Print_RecordWithCompilerGeneratedMembers_ListsOnlyWhatTheSourceDeclares()
    {
        var text = PublicApiPrinter.Print([typeof(SampleRecord)]);

        Assert.Contains("public string Name { get; init; }", text, StringComparison.Ordinal);
        Assert.Contains("SampleRecord op_Addition(AeUpdater.Placeholders.Tests.SampleRecord left", text, StringComparison.Ordinal);
        Assert.Contains("public string? Maybe(int? x, string? y = null)", text, StringComparison.Ordinal);
        Assert.DoesNotContain("Clone", text, StringComparison.Ordinal);
        Assert.DoesNotContain("EqualityContract", text, StringComparison.Ordinal);
        Assert.DoesNotContain("PrintMembers", text, StringComparison.Ordinal);
        Assert.DoesNotContain("BackingField", text, StringComparison.Ordinal);
        Assert.DoesNotContain("op_Equality", text, StringComparison.Ordinal);
    }

    private static string SourceFolder([CallerFilePath] string path = "") => Path.GetDirectoryName(path)!;
}
