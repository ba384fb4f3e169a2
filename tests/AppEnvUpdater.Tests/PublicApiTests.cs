using System.Runtime.CompilerServices;
using AeUpdater.Placeholders.Tests;

namespace AeUpdater.Tests;

/// <summary>Freezes the public surface of the AeUpdater assembly: a change shows in the diff of PublicApi.approved.txt.</summary>
public sealed class PublicApiTests
{
    [Fact]
    public void PublicApi_MatchesApprovedFile()
    {
        var received = PublicApiPrinter.Print(typeof(AppEnvUpdater).Assembly);
        var folder = SourceFolder();
        var approvedPath = Path.Join(folder, "PublicApi.approved.txt");
        var receivedPath = Path.Join(folder, "PublicApi.received.txt");
        var approved = File.Exists(approvedPath) ? File.ReadAllText(approvedPath).ReplaceLineEndings("\n") : "";

        if (approved == received)
        {
            File.Delete(receivedPath);
            return;
        }

        File.WriteAllText(receivedPath, received);
        Assert.Fail("The public API of AeUpdater changed. Compare PublicApi.received.txt with PublicApi.approved.txt in the test " +
            "project folder; if the change is intended, copy the received file over the approved one and commit it.");
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
