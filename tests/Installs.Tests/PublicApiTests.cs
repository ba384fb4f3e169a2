using System.Runtime.CompilerServices;
using AeUpdater.Placeholders.Tests;

namespace AeUpdater.Installs.Tests;

/// <summary>Freezes the public surface of AeUpdater.Installs: a change shows in the diff of PublicApi.approved.txt.</summary>
public sealed class PublicApiTests
{
    [Fact]
    public void PublicApi_MatchesApprovedFile()
    {
        var received = PublicApiPrinter.Print(typeof(AppInstaller).Assembly);
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
        Assert.Fail("The public API of AeUpdater.Installs changed. Compare PublicApi.received.txt with PublicApi.approved.txt; " +
            "if the change is intended, copy the received file over the approved one and commit it.");
    }

    [Fact]
    public void PublicApi_SeamsStayInternal()
    {
        var text = PublicApiPrinter.Print(typeof(AppInstaller).Assembly);

        Assert.DoesNotContain("StepHook", text, StringComparison.Ordinal);
        Assert.DoesNotContain("TarGzSource", text, StringComparison.Ordinal);
        Assert.DoesNotContain("VersionLayout", text, StringComparison.Ordinal);
    }

    private static string SourceFolder([CallerFilePath] string path = "") => Path.GetDirectoryName(path)!;
}
