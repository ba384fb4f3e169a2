using AeUpdater.Cli.Hosting;
using AeUpdater.Cli.Output;
using AeUpdater.Cli.Tests.Support;

namespace AeUpdater.Cli.Tests;

/// <summary>
/// The plain-text report (no Spectre.Console) prints exactly what the Spectre writer prints when stdout is not a
/// terminal, for every report it takes, and declines the others (docs/performance.md, start-up).
/// </summary>
public sealed class PlainReportWriterTests
{
    private static readonly PluginReport OneShotFailed = new()
    {
        Name = PluginReport.OneShotName,
        Path = "/app/ae_updater.dll",
        Ran = true,
        Error = "it threw: boom\nat Plugin.Run() line 2",
    };

    private static readonly PluginReport EveryStartTrue = new() { Name = PluginReport.EveryStartName, Path = "/app/ae_pre_app_run.dll", Ran = true, Result = true };

    private static readonly PluginReport Refused = new() { Name = PluginReport.OneShotName, Path = "/app/[odd] ae_updater.dll", Error = "others can write it" };

    public static TheoryData<string, UpdateReport, int> Reports() => new()
    {
        { "nothing to do", new UpdateReport { Root = "/srv/app", Platform = "linux" }, 0 },
        { "dry run", new UpdateReport { Root = "/srv/app", Platform = "win32", DryRun = true }, 0 },
        { "not run", new UpdateReport { Root = "/srv/app", Platform = "linux", NotRunReason = "another run holds the lock on /s [state]" }, 0 },
        {
            "recovery", new UpdateReport
            {
                Root = "/srv/app",
                Platform = "linux",
                Recovery = new RecoveryReport
                {
                    RunId = "0f3c",
                    TemporaryFilesRemoved = ["/a/.x.tmp"],
                    MovesCompleted = ["/a/b", "/a/c"],
                    Skipped = [new RecoverySkip { Path = "/a/\u001b[31mred", Reason = "changed since; kept [as is]" }],
                },
            },
            0
        },
        { "plugins", new UpdateReport { Root = "/srv/app", Platform = "linux", Plugins = [OneShotFailed, EveryStartTrue, Refused] }, 1 },
        {
            "folders", new UpdateReport
            {
                Root = "/srv/my app [1]",
                Platform = "darwin",
                Rejected = [new FolderReport { Folder = "/srv/ae_updater_copies___Bogus__x", Reason = "unknown argument 'Bogus'" }],
                Ignored = [new FolderReport { Folder = "/srv/ae_updater_copiesX", Reason = "not a drop-in folder name" }],
                Skipped = [new FolderReport { Folder = "/srv/ae_updater_moves___OnOS__win32", Reason = "for win32" }, new FolderReport { Folder = "/srv/ae_updater_copies___OnOS__ios", Reason = "for ios" }],
            },
            1
        },
        { "latin letters and a bidi override", new UpdateReport { Root = "/home/jürgen/çà\u202Eevil", Platform = "linux" }, 0 },
        { "trailing spaces", new UpdateReport { Root = "/srv/app  ", Platform = "linux", Rejected = [new FolderReport { Folder = "/x/f", Reason = "why  " }] }, 1 },
        { "a large moves folder", new UpdateReport { Root = "/srv/app", Platform = "linux", Operations = Files("/srv/app/ae_updater_moves", DropInKind.Moves, 201, _ => OperationOutcome.Moved) }, 0 },
        {
            "large folders, mixed outcomes, plugins and folders not applied", new UpdateReport
            {
                Root = "/srv/app",
                Platform = "linux",
                Plugins = [EveryStartTrue],
                Operations =
                [
                    .. Files("/srv/app/ae_updater_over_copies___ToPath__{usr}", DropInKind.OverCopies, 350, i => i % 3 == 0 ? OperationOutcome.Skipped : OperationOutcome.Copied),
                    .. Files("/srv/app/ae_updater_moves", DropInKind.Moves, 1000, i => i % 7 == 0 ? OperationOutcome.Skipped : OperationOutcome.Moved),
                ],
                Skipped = [new FolderReport { Folder = "/srv/ae_updater_moves___OnOS__win32", Reason = "for win32" }],
            },
            0
        },
    };

    /// <summary>Operations of one drop-in folder, none with an error (the rows a large folder's table leaves out).</summary>
    private static FileOperationReport[] Files(string folder, DropInKind kind, int count, Func<int, OperationOutcome> outcome) =>
        [.. Enumerable.Range(0, count).Select(i => new FileOperationReport
        {
            Kind = kind,
            Folder = folder,
            Source = $"{folder}/d{i % 9}/f{i}.txt",
            Destination = $"/home/u/.config/d{i % 9}/f{i}.txt",
            Outcome = outcome(i),
        })];

    [Theory]
    [MemberData(nameof(Reports))]
    public void TryWrite_ReportWithoutTable_SameTextAsTheSpectreWriter(string name, UpdateReport report, int exitCode)
    {
        using var plain = new StringWriter();

        Assert.True(PlainReportWriter.TryWrite(plain, report, exitCode), name);

        Assert.Equal(WithSpectre(report, exitCode), plain.ToString());
    }

    [Fact]
    public void TryWrite_NothingToDo_IsTheDocumentedText()
    {
        // The text users and scripts see (docs/cli.md); the Spectre writer printed exactly this before the plain writer existed.
        var report = new UpdateReport { Root = "/srv/app", Platform = "linux" };
        using var plain = new StringWriter();

        Assert.True(PlainReportWriter.TryWrite(plain, report, 0));

        var expected = "ae-updater check-all root /srv/app, platform linux\n\nSummary: nothing to do — ok (exit 0)\n".Replace("\n", plain.NewLine, StringComparison.Ordinal);
        Assert.Equal(expected, plain.ToString());
        Assert.Equal(expected, WithSpectre(report, 0));
    }

    [Fact]
    public void TryWrite_AroundTheConsoleWidth_WritesOnlyWhatSpectreWouldNotWrap()
    {
        // Header "ae-updater check-all root R, platform linux": lengths on both sides of the 240-cell console width.
        var declined = 0;
        for (var length = 180; length <= 260; length++)
        {
            var root = "/" + new string('r', length - "ae-updater check-all root /, platform linux".Length);
            var report = new UpdateReport { Root = root, Platform = "linux" };
            using var plain = new StringWriter();
            var spectre = WithSpectre(report, 0);

            if (PlainReportWriter.TryWrite(plain, report, 0))
            {
                Assert.Equal(spectre, plain.ToString());
            }
            else
            {
                Assert.Equal("", plain.ToString());
                declined++;
            }
        }

        Assert.InRange(declined, 1, 30); // from 240 cells on, and never below
    }

    [Theory]
    [InlineData("/srv/アプリ")] // two cells a character
    [InlineData("/srv/e\u0301")] // a combining accent: no cell
    public void TryWrite_CharactersNotOneCellWide_Declines(string root)
    {
        using var plain = new StringWriter();

        Assert.False(PlainReportWriter.TryWrite(plain, new UpdateReport { Root = root, Platform = "linux" }, 0));
        Assert.Equal("", plain.ToString());
    }

    [Fact]
    public void TryWrite_ReportWithFileOperations_Declines()
    {
        var report = new UpdateReport
        {
            Root = "/r",
            Platform = "linux",
            Operations = [new FileOperationReport { Kind = DropInKind.Copies, Folder = "/r/ae_updater_copies", Source = "/r/ae_updater_copies/a", Destination = "/u/a", Outcome = OperationOutcome.Copied }],
        };
        using var plain = new StringWriter();

        Assert.False(PlainReportWriter.TryWrite(plain, report, 0));
        Assert.Equal("", plain.ToString());
    }

    [Theory]
    [InlineData(200, -1)] // a table of every file
    [InlineData(201, 150)] // one failed file: a table of it
    [InlineData(201, -2)] // one skipped with a reason: a table of it
    public void TryWrite_FolderWithATable_Declines(int count, int special)
    {
        var operations = Files("/r/ae_updater_moves", DropInKind.Moves, count, _ => OperationOutcome.Moved);
        if (special >= 0)
        {
            operations[special] = operations[special] with { Outcome = OperationOutcome.Failed, Error = "the destination is a folder" };
        }
        else if (special == -2)
        {
            operations[7] = operations[7] with { Outcome = OperationOutcome.Skipped, Error = "the source is a FIFO" };
        }

        var report = new UpdateReport { Root = "/r", Platform = "linux", Operations = [.. Files("/r/ae_updater_copies", DropInKind.Copies, 300, _ => OperationOutcome.Copied), .. operations] };
        using var plain = new StringWriter();

        Assert.False(PlainReportWriter.TryWrite(plain, report, 0));
        Assert.Equal("", plain.ToString());
        Assert.Contains("╭", WithSpectre(report, 0), StringComparison.Ordinal); // Spectre draws a table there
    }

    [Fact]
    public void CheckAll_LargeMovesFolder_ChildProcess_PrintsTheCountsWithoutCompilingSpectre()
    {
        // 240 files moved: the Spectre writer prints the folder's heading and counts, no table; the plain writer prints
        // the same without loading Spectre.Console.
        using var tree = TempTree.Create().Folder("dist");
        for (var i = 0; i < 240; i++)
        {
            tree.File($"dist/ae_updater_moves/d{i % 4}/f{i}.txt", $"file {i}");
        }

        var (result, compiled) = CheckAllListingCompiled(tree);

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Equal(
            $"ae-updater check-all root {tree["dist"]}, platform {AeUpdater.Placeholders.PlatformIds.Detect()}\n\n"
            + "ae_updater_moves (moves)\n  240 files: 240 moved (0 listed; --json lists every file)\n\nSummary: 240 moved — ok (exit 0)\n",
            result.Stdout);
        Assert.Equal(240, Enumerable.Range(0, 4).Sum(d => Directory.GetFiles(tree[$"usr/d{d}"]).Length));
        Assert.Contains(compiled, line => line.Contains("AeUpdater.Cli.Output.PlainReportWriter:TryWrite", StringComparison.Ordinal));
        Assert.DoesNotContain(compiled, line => line.Contains("Spectre.Console", StringComparison.Ordinal));

        // The root's entries, the rule blocks and the forbidden folders are classes (or a list of them): no framework
        // generic is instantiated over them, which ReadyToRun could not precompile for a struct of AeUpdater's own
        // (docs/performance.md, "Moves: seventh round").
        string[] notInstantiatedOver = ["[AeUpdater.Planning.RootEntry", "[AeUpdater.Operations.Executor+RuleBlock", "`2[AeUpdater.Operations.FileId,"];
        Assert.DoesNotContain(compiled, line => notInstantiatedOver.Any(type => FrameworkTypeOf(line).Contains(type, StringComparison.Ordinal)));
        Assert.Contains(compiled, line => FrameworkTypeOf(line).Contains("[AeUpdater.Planning.SourceScanner+ListedEntry]", StringComparison.Ordinal));
    }

    /// <summary>The type of a compiled method in a JIT list's line when it is the framework's (<c>System.…</c>), else empty.</summary>
    private static string FrameworkTypeOf(string line)
    {
        const string Marker = "JIT compiled System.";
        var at = line.IndexOf(Marker, StringComparison.Ordinal);
        if (at < 0)
        {
            return "";
        }

        var type = line[(at + Marker.Length - "System.".Length)..];
        var end = type.IndexOf(':', StringComparison.Ordinal);
        return end < 0 ? type : type[..end];
    }

    [Fact]
    public void CheckAll_NothingToDo_ChildProcess_PrintsTheReportWithoutCompilingSpectreSerilogJsonProviderJsonDocumentOrBinder()
    {
        // A real `ae-updater check-all` with stdout a pipe: the report is the same, and the JIT never compiles a method of
        // Spectre.Console or of the Serilog set-up (DOTNET_JitStdOutFile lists every method compiled, on the release runtime too).
        using var tree = TempTree.Create().Folder("dist");
        var (result, compiled) = CheckAllListingCompiled(tree);

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Equal($"ae-updater check-all root {tree["dist"]}, platform {AeUpdater.Placeholders.PlatformIds.Detect()}\n\nSummary: nothing to do — ok (exit 0)\n", result.Stdout);
        Assert.Contains(compiled, line => line.Contains("AeUpdater.Cli.Output.PlainReportWriter:TryWrite", StringComparison.Ordinal));
        Assert.DoesNotContain(compiled, line => line.Contains("Spectre.Console", StringComparison.Ordinal));

        // Nothing was logged, so the Serilog pipeline was not built either (DeferredLogger).
        Assert.DoesNotContain(compiled, line => line.Contains("Serilog.LoggerConfiguration", StringComparison.Ordinal));

        // The tool's appsettings.json was read by JsonSettingsFile and the options by ConfigurationReader: neither the JSON
        // configuration provider, its file providers nor the reflection binder ran.
        Assert.Contains(compiled, line => line.Contains("AeUpdater.Cli.Hosting.JsonSettingsFile:TryRead", StringComparison.Ordinal));
        Assert.DoesNotContain(compiled, line => line.Contains("Microsoft.Extensions.Configuration.Json.", StringComparison.Ordinal));
        Assert.DoesNotContain(compiled, line => line.Contains("Microsoft.Extensions.FileProviders.", StringComparison.Ordinal));
        Assert.DoesNotContain(compiled, line => line.Contains("Microsoft.Extensions.Configuration.ConfigurationBinder:", StringComparison.Ordinal));

        // The tool's own appsettings.json is plain: PlainJsonSettings read it, so JsonDocument (whose row structs the JIT
        // compiles generic methods for at its first use) did not run.
        Assert.Contains(compiled, line => line.Contains("AeUpdater.Cli.Hosting.PlainJsonSettings:TryFlatten", StringComparison.Ordinal));
        Assert.DoesNotContain(compiled, line => line.Contains("System.Text.Json.JsonDocument", StringComparison.Ordinal));
    }

    /// <summary>
    /// A real <c>ae-updater check-all</c> of <c>dist</c> into <c>usr</c> with stdout a pipe, and every method the JIT
    /// compiled in it (<c>DOTNET_JitStdOutFile</c> lists them, on the release runtime too).
    /// </summary>
    private static (CliResult Result, string[] Compiled) CheckAllListingCompiled(TempTree tree)
    {
        var jitList = tree["jit.txt"];
        var result = CliRunner.RunProcess(
            tree,
            new Dictionary<string, string?> { ["DOTNET_JitDisasmSummary"] = "1", ["DOTNET_JitStdOutFile"] = jitList },
            "check-all", "--root", tree["dist"], "-p", "usr=" + tree["usr"]);
        return (result, File.Exists(jitList) ? File.ReadAllLines(jitList) : []);
    }

    private static string WithSpectre(UpdateReport report, int exitCode)
    {
        using var stdout = new StringWriter();
        var host = CliHost.Create(stdout, TextWriter.Null, new Dictionary<string, string?>());
        TextReportWriter.Write(ConsoleFactory.Create(host), report, exitCode);
        return stdout.ToString();
    }
}
