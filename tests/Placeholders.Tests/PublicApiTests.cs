using System.Runtime.CompilerServices;

namespace AeUpdater.Placeholders.Tests;

/// <summary>Freezes the public surface of AeUpdater.Placeholders: a change shows in the diff of PublicApi.approved.txt.</summary>
public sealed class PublicApiTests
{
    private const string ApprovedFile = "PublicApi.approved.txt";
    private const string ReceivedFile = "PublicApi.received.txt";

    [Fact]
    public void PublicApi_MatchesApprovedFile()
    {
        var received = PublicApiPrinter.Print(typeof(PlaceholderMap).Assembly);
        var folder = SourceFolder();
        var approvedPath = Path.Join(folder, ApprovedFile);
        var receivedPath = Path.Join(folder, ReceivedFile);
        var approved = File.Exists(approvedPath) ? File.ReadAllText(approvedPath).ReplaceLineEndings("\n") : "";

        if (approved == received)
        {
            File.Delete(receivedPath);
            return;
        }

        File.WriteAllText(receivedPath, received);
        Assert.Fail(
            $"The public API of AeUpdater.Placeholders changed. Compare {ReceivedFile} with {ApprovedFile} in the test project folder; "
            + $"if the change is intended, copy {ReceivedFile} over {ApprovedFile} and commit it.\n"
            + FirstDifference(approved, received));
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

    private static string FirstDifference(string approved, string received)
    {
        var a = approved.Split('\n');
        var r = received.Split('\n');
        for (var i = 0; i < Math.Max(a.Length, r.Length); i++)
        {
            var left = i < a.Length ? a[i] : "<end of file>";
            var right = i < r.Length ? r[i] : "<end of file>";
            if (left != right)
            {
                return $"First difference at line {i + 1}:\n  approved: {left}\n  received: {right}";
            }
        }

        return "";
    }

    private static string SourceFolder([CallerFilePath] string path = "") => Path.GetDirectoryName(path)!;
}
