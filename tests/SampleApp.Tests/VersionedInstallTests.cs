using System.Diagnostics;
using System.Reflection;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace AeUpdater.SampleApp.Tests;

/// <summary>
/// The sample app as a versioned install, all through real child processes: <c>ae-updater repo init|add</c> publishes
/// 1.0.0 (the sample without its migration plugin) and 1.1.0 (the built sample) into a local signed repository,
/// <c>app install</c> sets up 1.0.0, the launcher starts it, <c>app update</c> fetches 1.1.0 through file: URLs, the
/// launcher starts 1.1.0, whose first start migrates the settings exactly once, and <c>app cleanup</c> converges.
/// </summary>
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public sealed class VersionedInstallTests : IDisposable
{
    private static readonly string CliPath = typeof(VersionedInstallTests).Assembly
        .GetCustomAttributes<AssemblyMetadataAttribute>()
        .Single(a => a.Key == "CliPath").Value!;

    private static readonly string Rid = System.Runtime.InteropServices.RuntimeInformation.RuntimeIdentifier;

    private readonly string _tree = Path.Join(Path.GetTempPath(), "aeupdater-sample-tests", Guid.NewGuid().ToString("N"));

    public VersionedInstallTests()
    {
        Directory.CreateDirectory(_tree);
        var built = Path.GetDirectoryName(SampleAppRun.SampleAppPath)!;
        CopyTree(built, At("v1.1.0"));
        CopyTree(built, At("v1.0.0"));

        // 1.0.0 is the sample built with -p:SampleWithoutMigration=true: the same files without the one-shot migration.
        Assert.True(File.Exists(At("v1.1.0/demo/bundle/ae_updater/ae_updater.dll")), "the built sample ships the migration plugin");
        Directory.Delete(At("v1.0.0/demo/bundle/ae_updater"), recursive: true);

        Cli("repo", "init", "repo", "--name", "SampleApp");
        Cli("repo", "add", "repo", "v1.0.0", "--version", "1.0.0", "--no-patch");
        Cli("repo", "add", "repo", "v1.1.0", "--version", "1.1.0", "--no-patch");
        Cli("app", "install", "inst", "v1.0.0", "--name", "SampleApp", "--version", "1.0.0", "--entry", "AeUpdater.SampleApp");
    }

    private string[] UpdateArgs => ["app", "update", "inst", "--metadata-url", new Uri(At("repo/metadata") + "/").AbsoluteUri, "--target-base-url", new Uri(At("repo/targets") + "/").AbsoluteUri, "--trusted-root", "repo/metadata/1.root.json", "--name", "SampleApp", "--entry", "AeUpdater.SampleApp"];

    [Fact]
    public void InstallRunUpdateRun_ThroughTheLauncher_NewVersionRunsAndMigratesTheSettingsOnce()
    {
        var first = Launch();
        Assert.True(first.ExitCode == 0, first.ToString());
        Assert.Contains("SampleApp 1.0.0, started from a versioned install", first.Stdout, StringComparison.Ordinal);
        Assert.Contains("reported healthy to the launcher", first.Stdout, StringComparison.Ordinal);
        Assert.Equal(12, (int)Settings()["fontSize"]!);
        Assert.False(File.Exists(UserFile("migrations.log")), "1.0.0 has no migration");

        var update = Cli(UpdateArgs);
        Assert.Contains("done        SampleApp 1.1.0 installed; it starts at the next launch", update.Stdout, StringComparison.Ordinal);
        Assert.True(File.Exists(At("inst/appdata/.tuf/SampleApp/root.json")), "the install keeps its trusted metadata");

        var second = Launch();
        Assert.True(second.ExitCode == 0, second.ToString());
        Assert.Contains("SampleApp 1.1.0, started from a versioned install", second.Stdout, StringComparison.Ordinal);
        Assert.Contains("First start of 1.1.0 for this user", second.Stdout, StringComparison.Ordinal);
        Assert.Contains("ae_updater      returned True, deleted (runs once)", second.Stdout, StringComparison.Ordinal);
        var settings = Settings();
        Assert.Equal(12, (int)settings["textSize"]!);
        Assert.False(settings.ContainsKey("fontSize"));
        Assert.Equal(["settings v1 -> v2: renamed fontSize to textSize"], File.ReadAllLines(UserFile("migrations.log")));

        // The plugin was consumed from this user's copy of the bundle, never from the version folder.
        Assert.False(File.Exists(At("data/versions/1.1.0/ae_updater/ae_updater.dll")));
        Assert.True(File.Exists(At($"inst/appdata/SampleApp-1.1.0.{Rid}/demo/bundle/ae_updater/ae_updater.dll")));

        var third = Launch();
        Assert.True(third.ExitCode == 0, third.ToString());
        Assert.Contains("Another start of 1.1.0", third.Stdout, StringComparison.Ordinal);
        Assert.DoesNotContain("ae_updater      ", third.Stdout, StringComparison.Ordinal);
        Assert.Single(File.ReadAllLines(UserFile("migrations.log")));

        using (var versions = JsonDocument.Parse(Cli("app", "versions", "inst", "--json").Stdout))
        {
            var list = versions.RootElement.GetProperty("versions").EnumerateArray().ToList();
            Assert.Equal(["1.1.0", "1.0.0"], list.Select(v => v.GetProperty("version").GetString()));
            Assert.All(list, v => Assert.Equal("complete", v.GetProperty("state").GetString()));
            Assert.All(list, v => Assert.True(v.GetProperty("healthy").GetBoolean()));
            Assert.True(list[0].GetProperty("current").GetBoolean());
        }

        var cleanup = Cli("app", "cleanup", "inst");
        Assert.Contains("kept     1.1.0: the newest startable version", cleanup.Stdout, StringComparison.Ordinal);
        Assert.Contains("kept     1.0.0: the fallback", cleanup.Stdout, StringComparison.Ordinal);
        var upToDate = Cli(UpdateArgs);
        Assert.Contains("no newer version is available", upToDate.Stdout, StringComparison.Ordinal);
        Assert.Contains("Another start of 1.1.0", Launch().Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public void Update_TamperedArchiveInRepository_RefusedNothingInstalled()
    {
        var served = Directory.GetFiles(At("repo/targets"), "*.SampleApp-1.1.0.tar.gz").Single();
        using (var file = new FileStream(served, FileMode.Open, FileAccess.ReadWrite))
        {
            // One byte changed in the middle of the compressed data: same length, another SHA-256.
            file.Position = file.Length / 2;
            var b = file.ReadByte();
            file.Position = file.Length / 2;
            file.WriteByte((byte)(b ^ 0xFF));
        }

        var update = Cli(UpdateArgs, expectedExitCode: 1);

        Assert.Contains("ae-updater app update: ", update.Stderr, StringComparison.Ordinal);
        Assert.Contains("SampleApp-1.1.0.tar.gz", update.Stderr, StringComparison.Ordinal);
        Assert.False(Directory.Exists(At($"inst/appdata/SampleApp-1.1.0.{Rid}")));
        Assert.Empty(Directory.GetFileSystemEntries(At("inst/appdata/updates")));
        var run = Launch();
        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Contains("SampleApp 1.0.0, started from a versioned install", run.Stdout, StringComparison.Ordinal);
        Assert.False(File.Exists(UserFile("migrations.log")));
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(_tree, recursive: true);
        }
        catch (IOException)
        {
            // A temp folder left behind is harmless.
        }
    }

    private string At(string relative) => Path.Join(_tree, relative);

    private string UserFile(string name) => At("data/usr/SampleApp/" + name);

    private JsonObject Settings() => JsonNode.Parse(File.ReadAllText(UserFile("settings.json")))!.AsObject();

    /// <summary>Starts INSTALL/SampleApp (the launcher) with the scratch folder data/ and a temporary home.</summary>
    private SampleAppRun Launch() => Run(At("inst/SampleApp"), ["--scratch", At("data")]);

    private SampleAppRun Cli(params string[] args) => Cli(args, expectedExitCode: 0);

    private SampleAppRun Cli(string[] args, int expectedExitCode)
    {
        var result = Run("dotnet", [CliPath, .. args]);
        Assert.True(result.ExitCode == expectedExitCode, $"ae-updater {string.Join(' ', args)}: {result}");
        return result;
    }

    private SampleAppRun Run(string program, string[] args)
    {
        var start = new ProcessStartInfo(program)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = _tree,
        };
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        start.Environment["HOME"] = At("home");
        start.Environment["XDG_CONFIG_HOME"] = At("home/.config");
        start.Environment["XDG_DATA_HOME"] = At("home/.local/share");
        start.Environment.Remove("AEUPDATER_SAMPLE_SCRATCH");
        using var process = Process.Start(start)!;
        var stderr = process.StandardError.ReadToEndAsync();
        var stdout = process.StandardOutput.ReadToEndAsync();
        if (!process.WaitForExit(TimeSpan.FromMinutes(2)))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{program} did not exit within 2 minutes.");
        }

        return new SampleAppRun(process.ExitCode, stdout.GetAwaiter().GetResult(), stderr.GetAwaiter().GetResult());
    }

    private static void CopyTree(string source, string destination)
    {
        foreach (var file in Directory.EnumerateFiles(source, "*", SearchOption.AllDirectories))
        {
            var target = Path.Join(destination, Path.GetRelativePath(source, file));
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(file, target);
            if (!OperatingSystem.IsWindows())
            {
                File.SetUnixFileMode(target, File.GetUnixFileMode(file));
            }
        }
    }
}
