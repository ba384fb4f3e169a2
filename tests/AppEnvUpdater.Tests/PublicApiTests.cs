using System.Runtime.CompilerServices;
using AeUpdater.Placeholders.Tests;

namespace AeUpdater.Tests;

/// <summary>Freezes the public surface of the AeUpdater assembly: a change shows in the diff of PublicApi.approved.txt.</summary>
public sealed class PublicApiTests
{
    [Fact]
    public void PublicApi_MatchesApprovedFile()
    {
        PublicApiPrinter.AssertMatchesApproved(typeof(AppEnvUpdater).Assembly, SourceFolder());
    }

    [Fact]
    public void PublicApi_InternalsStayInternal()
    {
        var text = PublicApiPrinter.Print(typeof(AppEnvUpdater).Assembly);

        Assert.Contains("public static AeUpdater.UpdateReport CheckAll(", text, StringComparison.Ordinal);
        Assert.DoesNotContain("Planner", text, StringComparison.Ordinal);
        Assert.DoesNotContain("Journal", text, StringComparison.Ordinal);
        Assert.DoesNotContain("PluginRunner", text, StringComparison.Ordinal);
        Assert.DoesNotContain("StepHook", text, StringComparison.Ordinal);
    }

    private static string SourceFolder([CallerFilePath] string path = "") => Path.GetDirectoryName(path)!;
}
