using System.Diagnostics;
using System.Text.Json;
using AeUpdater.Cli.Tests.Support;

namespace AeUpdater.Cli.Tests;

/// <summary><c>ae-updater app ...</c>: versioned installs set up and changed from the command line, started through the real launcher.</summary>
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public sealed class AppCommandTests
{
    [Fact]
    public void App_InstallTwoVersionsUninstallCleanup_JsonAndTheLauncherAgree()
    {
        using var tree = TempTree.Create();
        Version(tree, "1.0.0");
        Version(tree, "1.1.0");

        var first = CliRunner.Run(tree, "app", "install", "inst", "v1.0.0", "--name", "demo", "--version", "1.0.0", "--entry", "bin/demo.sh", "--json");
        Assert.True(first.ExitCode == 0, first.ToString());
        using (var json = JsonDocument.Parse(first.Stdout))
        {
            Assert.Equal("installed", json.RootElement.GetProperty("outcome").GetString());
            Assert.True(json.RootElement.GetProperty("launcherUpdated").GetBoolean());
            Assert.Equal(tree["inst/demo"], json.RootElement.GetProperty("launcher").GetString());
        }

        Assert.Equal(("1.0.0 a b", 3), Launch(tree, "a", "b"));

        var second = CliRunner.Run(tree, "app", "install", "inst", "v1.1.0", "--name", "demo", "--version", "1.1.0", "--entry", "bin/demo.sh");
        Assert.True(second.ExitCode == 0, second.ToString());
        Assert.Contains("1.1.0 installed in", second.Stdout, StringComparison.Ordinal);
        Assert.Equal(("1.1.0", 3), Launch(tree));

        var versions = CliRunner.Run(tree, "app", "versions", "inst", "--json");
        Assert.True(versions.ExitCode == 0, versions.ToString());
        using (var json = JsonDocument.Parse(versions.Stdout))
        {
            Assert.Equal("demo", json.RootElement.GetProperty("app").GetString());
            var list = json.RootElement.GetProperty("versions").EnumerateArray().ToList();
            Assert.Equal(["1.1.0", "1.0.0"], list.Select(v => v.GetProperty("version").GetString()));
            Assert.True(list[0].GetProperty("current").GetBoolean());
            Assert.Equal("complete", list[1].GetProperty("state").GetString());
        }

        var uninstall = CliRunner.Run(tree, "app", "uninstall", "inst", "--version", "1.1.0", "--json");
        Assert.True(uninstall.ExitCode == 0, uninstall.ToString());
        Assert.Contains("\"outcome\": \"removed\"", uninstall.Stdout, StringComparison.Ordinal);
        Assert.Equal(("1.0.0", 3), Launch(tree));

        var again = CliRunner.Run(tree, "app", "uninstall", "inst", "--version", "1.1.0");
        Assert.Equal(1, again.ExitCode);
        Assert.Contains("does not exist", again.Stderr, StringComparison.Ordinal);

        var cleanup = CliRunner.Run(tree, "app", "cleanup", "inst", "--json");
        Assert.True(cleanup.ExitCode == 0, cleanup.ToString());
        Assert.Contains("\"action\": \"kept\"", cleanup.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public void App_InstallBadSource_Exits1WithTheReason()
    {
        using var tree = TempTree.Create().File("notes.txt", "x");

        var result = CliRunner.Run(tree, "app", "install", "inst", "notes.txt", "--name", "demo", "--version", "1.0.0");

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("is neither a folder nor a .tar.gz file", result.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void App_VersionsWithoutNameOnEmptyFolder_Exits2AskingForName()
    {
        using var tree = TempTree.Create().Folder("inst");

        var result = CliRunner.Run(tree, "app", "versions", "inst");

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("give --name APP", result.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void Process_AppInstall_SetsUpAWorkingLauncherFromTheBuildOutput()
    {
        using var tree = TempTree.Create();
        Version(tree, "2.0.0");

        var result = CliRunner.RunProcess(tree, null, "app", "install", "inst", "v2.0.0", "--name", "demo", "--version", "2.0.0", "--entry", "bin/demo.sh");

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Equal(("2.0.0 x", 3), Launch(tree, "x"));
    }

    [Fact]
    public void App_UpdateFromFileRepository_InstallsTheNewestThroughTheLauncherThenUpToDate()
    {
        using var tree = TempTree.Create();
        var (metadata, targets) = Repository(tree, "1.0.0", "1.1.0");
        Assert.Equal(0, CliRunner.Run(tree, "app", "install", "inst", "v1.0.0", "--name", "demo", "--version", "1.0.0", "--entry", "bin/demo.sh").ExitCode);

        var update = CliRunner.Run(tree, "app", "update", "inst", "--metadata-url", metadata, "--target-base-url", targets, "--trusted-root", "repo/metadata/1.root.json", "--name", "demo", "--entry", "bin/demo.sh");

        Assert.True(update.ExitCode == 0, update.ToString());
        var lines = update.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(["searching", "found", "downloading", "installing", "cleaningUp", "done"], lines.Select(l => l.Split(' ')[0]));
        Assert.Contains("demo 1.1.0 installed; it starts at the next launch", lines[^1], StringComparison.Ordinal);
        Assert.Equal(("1.1.0 x", 3), Launch(tree, "x"));
        Assert.True(File.Exists(tree["inst/appdata/.tuf/demo/root.json"]));
        Assert.Empty(Directory.GetFileSystemEntries(tree["inst/appdata/updates"]));

        // The install's trusted metadata is used from now on: no --trusted-root needed.
        var again = CliRunner.Run(tree, "app", "update", "inst", "--metadata-url", metadata, "--target-base-url", targets, "--name", "demo", "--json");
        Assert.True(again.ExitCode == 0, again.ToString());
        using var json = JsonDocument.Parse(again.Stdout);
        Assert.False(json.RootElement.GetProperty("updated").GetBoolean());
        Assert.Equal(JsonValueKind.Null, json.RootElement.GetProperty("error").ValueKind);
        Assert.Equal(tree["inst/appdata/.tuf/demo"], json.RootElement.GetProperty("trustedMetadata").GetString());
        Assert.Equal("no newer version is available", json.RootElement.GetProperty("stages").EnumerateArray().Last().GetProperty("message").GetString());
    }

    [Fact]
    public void App_UpdateTamperedArchive_Exits1NothingInstalled()
    {
        using var tree = TempTree.Create();
        var (metadata, targets) = Repository(tree, "1.0.0", "1.1.0");
        Assert.Equal(0, CliRunner.Run(tree, "app", "install", "inst", "v1.0.0", "--name", "demo", "--version", "1.0.0", "--entry", "bin/demo.sh").ExitCode);
        var served = Directory.GetFiles(tree["repo/targets"], "*.demo-1.1.0.tar.gz").Single();
        var bytes = File.ReadAllBytes(served);
        bytes[^9] ^= 0x55; // inside the gzip trailer's CRC: same length, another SHA-256
        File.WriteAllBytes(served, bytes);

        var update = CliRunner.Run(tree, "app", "update", "inst", "--metadata-url", metadata, "--target-base-url", targets, "--trusted-root", "repo/metadata/1.root.json", "--name", "demo", "--json");

        Assert.Equal(1, update.ExitCode);
        using (var json = JsonDocument.Parse(update.Stdout))
        {
            Assert.False(json.RootElement.GetProperty("updated").GetBoolean());
            Assert.Contains("demo-1.1.0.tar.gz", json.RootElement.GetProperty("error").GetString(), StringComparison.Ordinal);
        }

        Assert.Equal(("1.0.0", 3), Launch(tree));
        Assert.False(Directory.Exists(tree["inst/appdata/demo-1.1.0." + System.Runtime.InteropServices.RuntimeInformation.RuntimeIdentifier]));
        Assert.Empty(Directory.GetFileSystemEntries(tree["inst/appdata/updates"]));

        var text = CliRunner.Run(tree, "app", "update", "inst", "--metadata-url", metadata, "--target-base-url", targets, "--name", "demo");
        Assert.Equal(1, text.ExitCode);
        Assert.StartsWith("ae-updater app update: ", text.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void App_UpdateUnknownChannel_Exits2()
    {
        using var tree = TempTree.Create();

        var result = CliRunner.Run(tree, "app", "update", "inst", "--metadata-url", "file:///nowhere/", "--target-base-url", "file:///nowhere/", "--name", "demo", "--channel", "nightly");

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("'nightly' is not a channel", result.Stderr, StringComparison.Ordinal);
    }

    /// <summary>A signed repository of demo in repo/ with the given versions (ae-updater repo init/add); its file: URLs.</summary>
    private static (string Metadata, string Targets) Repository(TempTree tree, params string[] versions)
    {
        Assert.Equal(0, CliRunner.Run(tree, "repo", "init", "repo", "--name", "demo").ExitCode);
        foreach (var version in versions)
        {
            Version(tree, version);
            var add = CliRunner.Run(tree, "repo", "add", "repo", $"v{version}", "--version", version, "--no-patch");
            Assert.True(add.ExitCode == 0, add.ToString());
        }

        return (new Uri(tree["repo/metadata"] + "/").AbsoluteUri, new Uri(tree["repo/targets"] + "/").AbsoluteUri);
    }

    /// <summary>A version folder: a shell-script app that prints its version and arguments and exits 3.</summary>
    private static void Version(TempTree tree, string version)
    {
        tree.File($"v{version}/bin/demo.sh", $"#!/bin/sh\necho \"{version} $*\"\nexit 3\n");
        File.SetUnixFileMode(tree[$"v{version}/bin/demo.sh"], UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
    }

    private static (string Output, int ExitCode) Launch(TempTree tree, params string[] args)
    {
        var info = new ProcessStartInfo(tree["inst/demo"]) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var arg in args)
        {
            info.ArgumentList.Add(arg);
        }

        using var process = Process.Start(info)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(TimeSpan.FromSeconds(30)))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException("the launcher did not exit in 30 s");
        }

        Assert.True(stderr.Result.Length == 0, stderr.Result);
        return (stdout.Result.Trim(), process.ExitCode);
    }
}
