using AeUpdater.Cli.Output;
using Spectre.Console;

namespace AeUpdater.Cli.Tests;

public sealed class ProgressTaskReporterTests
{
    [Fact]
    public void Report_StagedCopiesOfABatch_MoveTheBarBeforeTheBatchCompletes()
    {
        var task = new ProgressTask(1, "Running plugins and planning", maxValue: 1, autoStart: true, TimeProvider.System);
        var reporter = new ProgressTaskReporter(task);

        reporter.Report(new UpdateProgress(0, 3000, null));
        Assert.Equal(0, task.Value);
        Assert.Equal(3000, task.MaxValue);

        reporter.Report(new UpdateProgress(0, 3000, null) { Staged = 1500 });
        Assert.Equal(1500, task.Value);
        Assert.Equal(50, task.Percentage);

        reporter.Report(new UpdateProgress(3000, 3000, null));
        Assert.Equal(3000, task.Value);
    }

    [Fact]
    public void Report_OperationWithControlCharactersInItsName_DescriptionIsEscaped()
    {
        var task = new ProgressTask(1, "x", maxValue: 1, autoStart: true, TimeProvider.System);
        var operation = new FileOperationReport { Kind = DropInKind.Copies, Source = "/s/a\u001b[2Jb", Destination = "/d/a\u001b[2Jb", Outcome = OperationOutcome.Copied, Folder = "/s" };

        new ProgressTaskReporter(task).Report(new UpdateProgress(1, 1, operation));

        Assert.Equal(@"copied a\x1B[[2Jb", task.Description);
    }
}
