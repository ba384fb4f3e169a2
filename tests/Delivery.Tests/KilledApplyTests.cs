using System.Diagnostics;
using AeUpdater.Delivery.Tests.Support;
using AeUpdater.Delivery.Updating;

namespace AeUpdater.Delivery.Tests;

/// <summary>A real child process installs an update and is killed (SIGKILL) at a step of the install.</summary>
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public sealed class KilledApplyTests : IDisposable
{
    private static readonly string HostDll = Path.Join(AppContext.BaseDirectory, "AeUpdater.Delivery.CrashHost.dll");

    private readonly DeliveryFixture _f = new();

    public void Dispose() => _f.Dispose();

    [Theory]
    [InlineData("staged", false)]
    [InlineData("intent", true)]
    [InlineData("file:2", true)]
    [InlineData("installed", true)]
    public async Task AKilledInstallLeavesTheAppAsItWasOrCompletesAtTheNextCall(string step, bool rolledForward)
    {
        _f.Init();
        _f.Add("1.0.0", 1);
        Assert.Equal(UpdateStatus.Updated, (await _f.Client("c").UpdateAsync()).Status);
        _f.Add("1.1.0", 2);

        var (exit, output) = RunHost(_f, "c", step);
        Assert.True(exit != 0, output);
        Assert.Contains("step " + step, output, StringComparison.Ordinal);
        Assert.DoesNotContain("result", output, StringComparison.Ordinal);

        var client = _f.Client("c");
        if (!rolledForward)
        {
            // Killed before the intent record: the root and the installed version are as they were.
            _f.AssertRootHolds("c", 1);
            Assert.Equal("1.0.0", client.GetInstalledVersion());
        }

        var recovery = client.Recover();
        Assert.NotNull(recovery);
        if (rolledForward)
        {
            Assert.Contains("finished the interrupted install of 1.1.0", recovery, StringComparison.Ordinal);
            _f.AssertRootHolds("c", 2);
            Assert.Equal("1.1.0", client.GetInstalledVersion());
        }
        else
        {
            Assert.Contains("removed the staging folder", recovery, StringComparison.Ordinal);
            _f.AssertRootHolds("c", 1);
        }

        Assert.Empty(Directory.EnumerateFiles(_f.RootOf("c"), "*.aeupd-tmp", SearchOption.AllDirectories));
        Assert.False(Directory.Exists(Path.Join(_f.StateOf("c"), "delivery", "staging")));

        // The next update finds the right state: up to date, or it installs 1.1.0 now.
        var next = await client.UpdateAsync();
        Assert.Equal(rolledForward ? UpdateStatus.UpToDate : UpdateStatus.Updated, next.Status);
        _f.AssertRootHolds("c", 2);
    }

    /// <summary>Runs the crash host: it updates <paramref name="client"/> to the newest version and kills itself (SIGKILL) at <paramref name="killAt"/>.</summary>
    internal static (int Exit, string Output) RunHost(DeliveryFixture f, string client, string killAt)
    {
        var dotnet = Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host ? host : "dotnet";
        var info = new ProcessStartInfo(dotnet) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var arg in new[] { HostDll, f.Server.BaseUrl + "metadata/", f.Server.BaseUrl + "targets/", f.TrustedRoot, DeliveryFixture.App, f.RootOf(client), f.StateOf(client), killAt })
        {
            info.ArgumentList.Add(arg);
        }

        info.Environment["HOME"] = f.Tree["home"];
        using var process = Process.Start(info)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(TimeSpan.FromMinutes(1)))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException("the crash host did not finish in 1 minute");
        }

        return (process.ExitCode, stdout.Result + stderr.Result);
    }
}
