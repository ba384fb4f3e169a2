using AeUpdater.Tests.TestSupport;

namespace AeUpdater.Tests.Operations;

/// <summary>
/// A moves folder with many files is moved on several threads, a source folder per thread at a time (the threshold is
/// lowered here so that a small tree takes that path). What a caller sees must not change: the same report, in the plan's
/// order, the same tree, the same per-file outcomes (moved, skipped, failed) as one file at a time; a fault stops the run
/// with that fault, every file exactly once, and the next start completes it.
/// </summary>
public sealed class ConcurrentMovesTests
{
    private const int Folders = 8;
    private const int FilesPerFolder = 12;

    [Fact]
    public void CheckAll_ConcurrentMoves_SameReportAndTreeAsOneAtATime()
    {
        using var concurrent = Fill(new Sandbox());
        using var serial = Fill(new Sandbox());
        var threads = new HashSet<int>();

        var report = AppEnvUpdater.CheckAll(concurrent.Options(o =>
        {
            o.ConcurrentMovesFrom = 2;
            o.StepHook = step =>
            {
                if (step == "move:renamed")
                {
                    // A slow disk (1 ms a rename), so that the calling thread has not moved every folder before the other
                    // threads have started.
                    threads.Add(Environment.CurrentManagedThreadId);
                    Thread.Sleep(1);
                }
            };
        }));
        var expected = AppEnvUpdater.CheckAll(serial.Options(o => o.ConcurrentMovesFrom = int.MaxValue));

        if (Environment.ProcessorCount >= 2)
        {
            Assert.True(threads.Count >= 2, $"the moves ran on {threads.Count} thread(s)");
        }

        Assert.Equal(Describe(expected, serial), Describe(report, concurrent));
        Assert.Equal(Tree(serial.Tree.Root, expected.StateDirectory), Tree(concurrent.Tree.Root, report.StateDirectory));
        Assert.Contains(report.Operations, o => o.Outcome == OperationOutcome.Skipped);
        Assert.Contains(report.Operations, o => o.Outcome == OperationOutcome.Failed);
        Assert.Equal(Folders * FilesPerFolder, report.Operations.Count);

        // The emptied source folders are removed as before; the ones still holding a skipped or failed file stay.
        Assert.Equal(
            Directory.GetDirectories(serial.RootPath("ae_updater_moves")).Select(Path.GetFileName).Order(StringComparer.Ordinal),
            Directory.GetDirectories(concurrent.RootPath("ae_updater_moves")).Select(Path.GetFileName).Order(StringComparer.Ordinal));
    }

    [Theory]
    [InlineData("move:renamed", 1)]
    [InlineData("move:renamed", 40)]
    [InlineData("operation:done", 7)]
    [InlineData("move:before-rename", 90)]
    public void CheckAll_FaultDuringConcurrentMoves_ThatFaultEachFileOnceRerunCompletes(string step, int nth)
    {
        using var box = Fill(new Sandbox());
        using var reference = Fill(new Sandbox());
        var expected = AppEnvUpdater.CheckAll(reference.Options(o => o.ConcurrentMovesFrom = int.MaxValue));
        var seen = 0;
        var threads = new HashSet<int>();
        var options = box.Options(o =>
        {
            o.ConcurrentMovesFrom = 2;
            o.StepHook = s =>
            {
                if (s == step && ++seen == nth)
                {
                    throw new InjectedFaultException(s);
                }

                if (s == "move:renamed")
                {
                    threads.Add(Environment.CurrentManagedThreadId);
                    Thread.Sleep(1); // a slow disk: every thread gets folders before the fault
                }
            };
        });

        var fault = Assert.Throws<InjectedFaultException>(() => AppEnvUpdater.CheckAll(options));

        Assert.Contains(step, fault.Message, StringComparison.Ordinal);
        if (Environment.ProcessorCount >= 2 && nth > 1)
        {
            Assert.True(threads.Count >= 2, $"the moves ran on {threads.Count} thread(s) before the fault");
        }

        for (var d = 0; d < Folders; d++)
        {
            for (var f = 0; f < FilesPerFolder; f++)
            {
                var name = $"d{d}/f{f}.txt";
                var atSource = File.Exists(box.RootPath($"ae_updater_moves/{name}"));
                var atDestination = File.Exists(box.UsrPath(name)) && File.ReadAllText(box.UsrPath(name)) == Content(d, f);
                Assert.True(atSource ^ atDestination || IsSkipped(d, f) || IsConflict(d, f), $"{name}: at the source {atSource}, moved {atDestination}");
            }
        }

        var rerun = AppEnvUpdater.CheckAll(box.Options(o => o.ConcurrentMovesFrom = 2));

        Assert.NotNull(rerun.Recovery);
        Assert.Equal(Tree(reference.Tree.Root, expected.StateDirectory), Tree(box.Tree.Root, rerun.StateDirectory));
    }

    private static Sandbox Fill(Sandbox box)
    {
        for (var d = 0; d < Folders; d++)
        {
            for (var f = 0; f < FilesPerFolder; f++)
            {
                box.Source($"ae_updater_moves/d{d}/f{f}.txt", Content(d, f));
                if (IsSkipped(d, f))
                {
                    box.Existing($"d{d}/f{f}.txt", "there before");
                }
                else if (IsConflict(d, f))
                {
                    Directory.CreateDirectory(box.UsrPath($"d{d}/f{f}.txt"));
                }
            }
        }

        return box;
    }

    private static string Content(int folder, int file) => $"moved {folder}/{file}";

    // A destination that exists: a move never replaces it (skipped, the source stays). Every file of folder 3 is one, so
    // that folder is not emptied.
    private static bool IsSkipped(int folder, int file) => folder == 3 || (folder + file) % 11 == 0;

    // A folder where the file should go: the move fails for that file only.
    private static bool IsConflict(int folder, int file) => !IsSkipped(folder, file) && (folder * file) % 17 == 5;

    private static List<string> Describe(UpdateReport report, Sandbox box) =>
        [.. report.Operations.Select(o => $"{o.Outcome} {Path.GetRelativePath(box.Tree.Root, o.Source)} -> {Path.GetRelativePath(box.Tree.Root, o.Destination)} {o.Error?.Replace(box.Tree.Root, "<tree>", StringComparison.Ordinal)}")];

    /// <summary>Every folder and file below <paramref name="root"/> with its content, but the state directory (journals, lock).</summary>
    private static List<string> Tree(string root, string? stateDirectory) =>
        [.. Directory.EnumerateFileSystemEntries(root, "*", SearchOption.AllDirectories)
            .Where(p => stateDirectory is null || (p != stateDirectory && !p.StartsWith(stateDirectory + "/", StringComparison.Ordinal)))
            .Select(p => Path.GetRelativePath(root, p) + (File.Exists(p) ? " " + File.ReadAllText(p) : "/"))
            .Order(StringComparer.Ordinal)];
}
