using System.Runtime.CompilerServices;
using AeUpdater.Placeholders.Tests;

namespace AeUpdater.Installs.Tests;

/// <summary>Freezes the public surface of AeUpdater.Installs: a change shows in the diff of PublicApi.approved.txt.</summary>
public sealed class PublicApiTests
{
    [Fact]
    public void PublicApi_MatchesApprovedFile()
    {
        PublicApiPrinter.AssertMatchesApproved(typeof(AppInstaller).Assembly, SourceFolder());
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
