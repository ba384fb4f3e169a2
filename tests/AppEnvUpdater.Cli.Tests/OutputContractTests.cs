using System.Diagnostics;
using System.Reflection;
using System.Text.Json;
using AeUpdater.Cli.Output;
using AeUpdater.Cli.Tests.Support;

namespace AeUpdater.Cli.Tests;

/// <summary>
/// What the tool promises about its output whatever happens: with <c>--json</c> exactly one JSON object on stdout
/// (errors included, whatever a plugin prints), invalid configuration from any source is exit 2 with one line on
/// stderr, names from the disk are escaped in the text report, and a stdout that cannot be written is a message.
/// </summary>
public sealed class OutputContractTests
{
    private static string WritesToStdoutPlugin =>
        typeof(OutputContractTests).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == "WritesToStdoutPlugin").Value!;

    /// <remarks>No update was ever applied to dist: with --require-verified-plugins the plugin is not run, and the report says why.</remarks>
    [Fact]
    public void CheckAll_RequireVerifiedPluginsWithoutARecord_PluginNotRunAndTheReportSaysWhy()
    {
        using var tree = TempTree.Create().Folder("dist");
        foreach (var file in Directory.GetFiles(Path.GetDirectoryName(WritesToStdoutPlugin)!, "ae_pre_app_run.*"))
        {
            File.Copy(file, Path.Combine(tree["dist"], Path.GetFileName(file)));
        }

        var result = CliRunner.Run(tree, "check-all", "--root", "dist", "--state-dir", "state", "--require-verified-plugins", "--json");

        Assert.True(result.ExitCode == 1, result.ToString());
        Assert.DoesNotContain("plugin says hello", result.Stdout + result.Stderr, StringComparison.Ordinal);
        using var document = result.Json();
        var plugin = Assert.Single(document.RootElement.GetProperty("plugins").EnumerateArray());
        Assert.False(plugin.GetProperty("ran").GetBoolean());
        Assert.StartsWith($"Not verified: no verified archive was ever applied here (there is no {Path.Combine(tree["state"], "verified-files.json")})", plugin.GetProperty("error").GetString(), StringComparison.Ordinal);
        Assert.True(File.Exists(Path.Combine(tree["dist"], "ae_pre_app_run.dll")));
    }

    [Theory]
    [InlineData("--json")]
    [InlineData(null)]
    public void Process_PluginWritesToStdout_GoesToStderrNotIntoTheReport(string? json)
    {
        using var tree = TempTree.Create().File("dist/ae_updater_copies/a.txt", "a");
        var pluginFolder = Path.GetDirectoryName(WritesToStdoutPlugin)!;
        foreach (var file in Directory.GetFiles(pluginFolder, "ae_pre_app_run.*"))
        {
            File.Copy(file, Path.Combine(tree["dist"], Path.GetFileName(file)));
        }

        string[] args = json is null ? ["check-all", "--root", "dist"] : ["check-all", "--root", "dist", json];
        var result = CliRunner.RunProcess(tree, null, args);

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.DoesNotContain("plugin says hello", result.Stdout, StringComparison.Ordinal);
        Assert.Contains("plugin says hello on stdout {", result.Stderr, StringComparison.Ordinal);
        Assert.Contains("and writes more]", result.Stderr, StringComparison.Ordinal);
        if (json is not null)
        {
            using var document = result.Json();   // throws on anything after the one object
            var plugin = Assert.Single(document.RootElement.GetProperty("plugins").EnumerateArray());
            Assert.True(plugin.GetProperty("ran").GetBoolean());
            Assert.True(plugin.GetProperty("result").GetBoolean());
        }
        else
        {
            Assert.Contains("ae_pre_app_run", result.Stdout, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Process_BrokenAppSettingsWithJson_Exits2WithOneLineAndOneJsonObject()
    {
        using var tree = TempTree.Create().Folder("dist").File("appsettings.json", "{ \"AeUpdater\": { \"Root\": ");

        var result = CliRunner.RunProcess(tree, null, "check-all", "--root", "dist", "--json");

        Assert.True(result.ExitCode == 2, result.ToString());
        AssertOneCleanLine(result.Stderr);
        Assert.Contains("appsettings.json", result.Stderr, StringComparison.Ordinal);
        AssertJsonError(result, "check-all");
    }

    public static TheoryData<string, string[], string> InvalidConfiguration => new()
    {
        { "SERILOG__MINIMUMLEVEL__DEFAULT=Loud", [], "Loud" },
        { "SERILOG__MINIMUMLEVEL=Loud", [], "Loud" },
        { "", ["--root", ""], "--root" },
        { "", ["--state-dir", ""], "--state-dir" },
        { "", ["--state-dir", " "], "--state-dir" },
        { "", ["--durability", "0"], "--durability" },
        { "", ["--durability", "5"], "--durability" },
        { "", ["--lock-timeout", "soon"], "--lock-timeout" },
        { "", ["--lock-timeout", "1e300"], "--lock-timeout" },
        { "AEUPDATER__ROOT=", [], "Root" },
        { "AEUPDATER__LOCKTIMEOUT=abc", [], "AeUpdater:LockTimeout" },
        { "AEUPDATER__DURABILITY=Slow", [], "AeUpdater:Durability" },
        { "AEUPDATER__MAXPLUGINFAILURES=many", [], "AeUpdater:MaxPluginFailures" },
        { "AEUPDATER__DRYRUN=maybe", [], "AeUpdater:DryRun" },
        { "AEUPDATER__PLATFORM=beos", [], "beos" },
    };

    [Theory]
    [MemberData(nameof(InvalidConfiguration))]
    public void CheckAll_InvalidConfiguration_Exits2WithOneLineAndWithJsonOneObject(string variable, string[] options, string named)
    {
        using var tree = TempTree.Create().Folder("dist");
        var environment = CliRunner.TempHome(tree);
        if (variable.Length > 0)
        {
            var equals = variable.IndexOf('=', StringComparison.Ordinal);
            environment[variable[..equals]] = variable[(equals + 1)..];
        }

        string[] args = ["check-all", "--root", tree["dist"], .. options];
        if (variable.StartsWith("AEUPDATER__ROOT", StringComparison.Ordinal))
        {
            args = ["check-all"];
        }

        var text = CliRunner.Run(tree, environment, args);
        var json = CliRunner.Run(tree, environment, [.. args, "--json"]);

        Assert.True(text.ExitCode == 2, text.ToString());
        Assert.Equal("", text.Stdout);
        AssertOneCleanLine(text.Stderr);
        Assert.Contains(named, text.Stderr, StringComparison.Ordinal);
        Assert.True(json.ExitCode == 2, json.ToString());
        AssertJsonError(json, "check-all");
    }

    [Fact]
    public void CheckAll_UsageErrorWithJson_PrintsOneJsonObject()
    {
        using var tree = TempTree.Create().Folder("dist");

        var result = CliRunner.Run(tree, "check-all", "--json", "--root", tree["dist"], "--bogus");

        Assert.Equal(2, result.ExitCode);
        var errors = AssertJsonError(result, "check-all");
        Assert.Contains(errors, e => e.Contains("--bogus", StringComparison.Ordinal));
        AssertOneCleanLine(result.Stderr);
    }

    [Fact]
    public void Placeholders_BrokenAppSettingsWithJson_Exits2WithOneJsonObject()
    {
        using var tree = TempTree.Create().File("appsettings.json", "not json");

        var result = CliRunner.Run(tree, "placeholders", "--json");

        Assert.Equal(2, result.ExitCode);
        AssertOneCleanLine(result.Stderr);
        AssertJsonError(result, "placeholders");
    }

    [Fact]
    public void CheckAll_ControlAndBidiCharactersInNames_EscapedInTheTextReport()
    {
        const string name = "a\u001b[2Jb\u0007c\u202ed\u0085e\u2028f.txt";
        using var tree = TempTree.Create().File("dist/ae_updater_copies/" + name, "x");

        var result = CliRunner.Run(tree, "check-all", "--root", tree["dist"], "-p", "usr=" + tree["usr"]);

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Equal("x", tree.ReadText("usr/" + name));
        Assert.Contains(@"a\x1B[2Jb\x07c\u202Ed\x85e\u2028f.txt", result.Stdout, StringComparison.Ordinal);
        Assert.DoesNotContain(result.Stdout, c => (char.IsControl(c) && c != '\n') || c is '\u202e' or '\u2028');
    }

    [Theory]
    [InlineData("plain name.txt", "plain name.txt")]
    [InlineData("tab\there", @"tab\x09here")]
    [InlineData("del\u007f", @"del\x7F")]
    [InlineData("rlo\u202eexe.txt", @"rlo\u202Eexe.txt")]
    [InlineData("isolate\u2066x\u2069", @"isolate\u2066x\u2069")]
    [InlineData("zero\u200bwidth", @"zero\u200Bwidth")]
    [InlineData("emoji 😀 ok", "emoji 😀 ok")]
    [InlineData("ünïcödé ﹛app﹜⁄x", "ünïcödé ﹛app﹜⁄x")]
    public void Escape_Text_ControlFormatAndUnpairedCharactersEscaped(string text, string expected)
    {
        Assert.Equal(expected, ReportText.Escape(text));
    }

    [Fact]
    public void Escape_UnpairedSurrogates_Escaped()
    {
        var text = string.Concat("lone", new string('\ud800', 1), "high ", new string('\udc00', 1), "low");

        Assert.Equal(@"lone\uD800high \uDC00low", ReportText.Escape(text));
    }

    [Theory]
    [InlineData("check-all", "--root", "dist", "--json")]
    [InlineData("check-all", "--root", "dist")]
    [InlineData("defuse", "{app}/x")]
    [InlineData("placeholders", "--json")]
    public void Process_StdoutIsAClosedPipe_ExitCodeIsTheCommandsAndNoStackTrace(params string[] args)
    {
        // .NET drops writes to a pipe nobody reads (EPIPE) without an exception: the command's own exit code stands.
        using var tree = TempTree.Create().File("dist/ae_updater_copies/a.txt", "a");

        var result = CliRunner.RunProcess(tree, null, closeStdout: true, args);

        Assert.True(result.ExitCode == 0, result.ToString());
        AssertNoStackTrace(result.Stderr);
        if (args[0] == "check-all")
        {
            Assert.Equal("a", File.ReadAllText(Path.Combine(tree["xdg"], "a.txt")));
        }
    }

    [Fact]
    public void Process_StdoutIsAFullDisk_Exits1WithOneLine()
    {
        if (!File.Exists("/dev/full"))
        {
            return;   // Linux only; the closed-pipe test covers the others.
        }

        using var tree = TempTree.Create().File("dist/ae_updater_copies/a.txt", "a");
        var start = new ProcessStartInfo("sh") { WorkingDirectory = tree.Root, RedirectStandardError = true, UseShellExecute = false };
        foreach (var arg in new[] { "-c", "exec \"$@\" > /dev/full", "sh", "dotnet", Path.Combine(AppContext.BaseDirectory, "ae-updater.dll"), "check-all", "--root", "dist", "--json" })
        {
            start.ArgumentList.Add(arg);
        }

        foreach (var (key, value) in CliRunner.TempHome(tree))
        {
            start.Environment[key] = value;
        }

        using var process = Process.Start(start)!;
        var stderr = process.StandardError.ReadToEnd();
        Assert.True(process.WaitForExit(TimeSpan.FromMinutes(1)), "ae-updater did not exit");

        Assert.True(process.ExitCode == 1, stderr);
        Assert.Contains("could not write to standard output", stderr, StringComparison.Ordinal);
        AssertNoStackTrace(stderr);
        Assert.Equal("a", File.ReadAllText(Path.Combine(tree["xdg"], "a.txt")));   // the run itself happened
    }

    private static void AssertOneCleanLine(string stderr)
    {
        var lines = stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.True(lines.Length == 1, "expected one line on stderr:\n" + stderr);
        AssertNoStackTrace(stderr);
        Assert.DoesNotContain("System.", stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("..", stderr, StringComparison.Ordinal);
        Assert.DoesNotContain(".;", stderr, StringComparison.Ordinal);
        Assert.DoesNotContain(".:", stderr, StringComparison.Ordinal);
        Assert.StartsWith("ae-updater", stderr, StringComparison.Ordinal);
    }

    private static void AssertNoStackTrace(string text)
    {
        Assert.DoesNotContain("   at ", text, StringComparison.Ordinal);
        Assert.DoesNotContain("Exception", text, StringComparison.Ordinal);
    }

    private static List<string> AssertJsonError(CliResult result, string command)
    {
        using var document = result.Json();
        var root = document.RootElement;
        Assert.Equal(JsonValueKind.Object, root.ValueKind);
        Assert.Equal(command, root.GetProperty("command").GetString());
        Assert.Equal(result.ExitCode, root.GetProperty("exitCode").GetInt32());
        var errors = root.GetProperty("errors").EnumerateArray().Select(e => e.GetString()!).ToList();
        Assert.NotEmpty(errors);
        return errors;
    }
}
