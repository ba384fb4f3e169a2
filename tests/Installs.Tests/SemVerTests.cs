using AeUpdater.Launcher;
using NuGet.Versioning;

namespace AeUpdater.Installs.Tests;

/// <summary>The launcher's own SemVer comparer orders exactly as NuGet.Versioning (which the library uses).</summary>
public sealed class SemVerTests
{
    private static readonly string[] Versions =
    [
        "0.0.1", "0.1.0", "1.0.0-alpha", "1.0.0-alpha.1", "1.0.0-alpha.beta", "1.0.0-beta", "1.0.0-beta.2", "1.0.0-beta.11",
        "1.0.0-rc.1", "1.0.0", "1.0.0+build.1", "1.0.1", "1.2.0", "1.10.0", "2.0.0-0", "2.0.0-1", "2.0.0-10", "2.0.0-2a",
        "2.0.0-a-b", "2.0.0", "10.0.0", "2.0.0-alpha.1.2", "2.0.0-alpha.1.10",
    ];

    [Fact]
    public void Compare_EveryPair_AgreesWithNuGetVersioning()
    {
        foreach (var a in Versions)
        {
            foreach (var b in Versions)
            {
                Assert.True(SemVer.TryParse(a, out var launcherA));
                Assert.True(SemVer.TryParse(b, out var launcherB));
                var expected = VersionComparer.VersionRelease.Compare(SemanticVersion.Parse(a), SemanticVersion.Parse(b));
                if (expected == 0)
                {
                    expected = string.CompareOrdinal(a, b);
                }

                Assert.True(Math.Sign(expected) == Math.Sign(launcherA!.CompareTo(launcherB)), $"{a} vs {b}: NuGet {expected}, launcher {launcherA.CompareTo(launcherB)}");
            }
        }
    }

    [Theory]
    [InlineData("1.0")]
    [InlineData("1.0.0.0")]
    [InlineData("01.0.0")]
    [InlineData("1.0.0-01")]
    [InlineData("1.0.0-")]
    [InlineData("1.0.0+")]
    [InlineData("1.0.0-a..b")]
    [InlineData("v1.0.0")]
    [InlineData("1.0.0-a_b")]
    public void TryParse_NotSemVer2_RefusedByBoth(string text)
    {
        Assert.False(SemVer.TryParse(text, out _));
        Assert.False(SemanticVersion.TryParse(text, out _));
    }
}
