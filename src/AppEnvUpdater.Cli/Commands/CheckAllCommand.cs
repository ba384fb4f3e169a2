using System.CommandLine;
using AeUpdater.Cli.Hosting;
using AeUpdater.Cli.Output;
using Spectre.Console;

namespace AeUpdater.Cli.Commands;

/// <summary><c>ae-updater check-all</c>: runs <see cref="AppEnvUpdater.CheckAll(UpdaterOptions?, Microsoft.Extensions.Logging.ILogger?, CancellationToken)"/> with options from configuration and the command line.</summary>
internal sealed class CheckAllCommand
{
    private const string Description = """
        Run the one-shot plugin (ae_updater.dll), the every-start plugin (ae_pre_app_run.dll), then apply the
        drop-in folders found in the root: ae_updater_copies, ae_updater_over_copies, ae_updater_moves,
        ae_updater_over_moves (with ___ToPath__<defused path> and ___OnOS__<platform> arguments).

        Exit codes: 0 done or nothing to do; 1 an operation or plugin failed, or a folder or plugin was
        rejected (a dry run exits as the real run would); 2 bad usage or invalid options.

        Examples:
          ae-updater check-all --root ./dist --dry-run
          ae-updater check-all --root ./dist --app-name MyApp --json
          ae-updater check-all --placeholder usr=/tmp/usr --os win32 --dry-run
        """;

    private readonly CliHost _host;

    private readonly Option<string?> _root = new("--root")
    {
        Description = "The folder with the drop-in folders and plugins. Default: config AeUpdater:Root, else the current directory.",
        HelpName = "DIR",
    };

    private readonly Option<string?> _destination = new("--dst")
    {
        Description = "Where files go when a folder name has no ToPath__ argument; may use placeholders, e.g. --dst '{app}'. Default: {usr}.",
        HelpName = "PATH",
    };

    private readonly Option<string?> _os = CliOptions.Os();
    private readonly Option<string[]> _placeholders = CliOptions.Placeholder();
    private readonly Option<string?> _appName = CliOptions.AppName();

    private readonly Option<string[]> _exclude = new("--exclude")
    {
        Description = "A glob (relative to each drop-in folder) of files never applied, repeatable, e.g. --exclude '**/Thumbs.db'.",
        HelpName = "GLOB",
        Arity = ArgumentArity.ZeroOrMore,
    };

    private readonly Option<bool> _dryRun = new("--dry-run", "-n")
    {
        Description = "Plan and report only: nothing is changed, no plugin is loaded.",
    };

    private readonly Option<bool> _trustAnyPlugin = new("--trust-any-plugin")
    {
        Description = "Run plugins even when others can write them or another user owns them (Unix).",
    };

    private readonly Option<bool> _requireVerifiedPlugins = new("--require-verified-plugins")
    {
        Description = "Run a plugin only when every assembly it loads is, byte for byte, what the last verified archive (ae-updater update) wrote there.",
    };

    private readonly Option<string?> _stateDirectory = new("--state-dir")
    {
        Description = "Where the journal and the lock live (never inside a drop-in folder); may use placeholders. Default: {app}/.aeupdater.",
        HelpName = "DIR",
    };

    private readonly Option<Durability?> _durability = new("--durability")
    {
        Description = "Full: flush data to disk before each rename (safe on power loss; default). Fast: atomic against crashes of the process only.",
        HelpName = "Full|Fast",
        CustomParser = CliOptions.ParseDurability,
    };

    private readonly Option<double?> _lockTimeout = new("--lock-timeout")
    {
        Description = "Seconds to wait for another process's run on the same state directory. Default: 30.",
        HelpName = "SECONDS",
        CustomParser = CliOptions.ParseSeconds,
    };

    private readonly Option<bool> _json = CliOptions.Json("the report");

    private readonly Option<bool> _verbose = new("--verbose", "-v")
    {
        Description = "Log everything to stderr (default: warnings and errors only).",
    };

    public CheckAllCommand(CliHost host)
    {
        _host = host;
    }

    public Command Build()
    {
        var command = new Command("check-all", Description)
        {
            _root, _destination, _os, _placeholders, _appName, _exclude, _dryRun, _trustAnyPlugin, _requireVerifiedPlugins, _stateDirectory, _durability, _lockTimeout, _json, _verbose,
        };
        command.SetAction((parseResult, cancellationToken) => Task.FromResult(Execute(parseResult, cancellationToken)));
        return command;
    }

    private int Execute(ParseResult parseResult, CancellationToken cancellationToken)
    {
        var json = parseResult.GetValue(_json);
        var output = new CommandOutput(_host, "check-all", json);
        if (!CliSetup.TryLoadConfiguration(_host, out var configuration, out var configurationError))
        {
            return output.Fail(ExitCodes.Usage, configurationError!);
        }

        // The Serilog pipeline is built when something is logged (a run with nothing to do logs nothing).
        if (!CliSetup.TryCreateDeferredLogger(configuration, _host, parseResult.GetValue(_verbose), out var logger, out var loggingError))
        {
            return output.Fail(ExitCodes.Usage, loggingError!);
        }

        using (logger)
        {

            UpdaterOptions options;
            try
            {
                options = CreateOptions(parseResult, UpdaterOptions.FromConfiguration(configuration));
                options.Validate();
            }
            catch (UpdaterOptionsException ex)
            {
                return output.Fail(ExitCodes.Usage, ex.Errors.Count > 0 ? ex.Errors : [ex.Message]);
            }
            catch (Exception ex) when (ex is CliUsageException || CliSetup.IsConfigurationError(ex))
            {
                // CliUsageException: an option value; the others: a configuration value the binder could not convert.
                return output.Fail(ExitCodes.Usage, ex is CliUsageException ? ex.Message : "invalid configuration: " + ErrorText.Of(ex));
            }

            UpdateReport report;
            try
            {
                using var redirect = ConsoleOutRedirect.ToStandardError(_host);
                report = Run(options, logger, json, cancellationToken);
            }
            catch (UpdaterOptionsException ex)
            {
                return output.Fail(ExitCodes.Usage, ex.Errors.Count > 0 ? ex.Errors : [ex.Message]);
            }
            catch (OperationCanceledException)
            {
                return output.Fail(ExitCodes.Failures, "cancelled; what was done stays done");
            }
#pragma warning disable CA1031 // The tool reports any unexpected failure with exit code 1 instead of a stack dump.
            catch (Exception ex)
#pragma warning restore CA1031
            {
                // The exception with its stack goes to the log (a file sink, or stderr with --verbose); the console gets one line.
                logger.Serilog.Debug(ex, "check-all failed unexpectedly in {Root}", options.Root);
                return output.Fail(ExitCodes.Failures, "failed unexpectedly: " + ErrorText.Of(ex));
            }

            var exitCode = report.HasFailures ? ExitCodes.Failures : ExitCodes.Success;
            return json
                ? output.Write(exitCode, stdout => JsonReportWriter.Write(stdout, report))
                : output.Write(exitCode, stdout => WriteText(stdout, report, exitCode));
        }
    }

    /// <summary>
    /// The text report: plain text when stdout is not a terminal and the report has no table (the usual "nothing to do"),
    /// else through Spectre.Console, which is then loaded (the same text either way; docs/performance.md, start-up).
    /// </summary>
    private void WriteText(TextWriter stdout, UpdateReport report, int exitCode)
    {
        if (_host.IsInteractive || !PlainReportWriter.TryWrite(stdout, report, exitCode))
        {
            WriteWithSpectre(report, exitCode);
        }
    }

    private void WriteWithSpectre(UpdateReport report, int exitCode) => TextReportWriter.Write(ConsoleFactory.Create(_host), report, exitCode);

    private UpdaterOptions CreateOptions(ParseResult parseResult, UpdaterOptions options)
    {
        // The library's default root is the app's base directory; the tool's is the current directory.
        var root = parseResult.GetValue(_root) ?? options.Root ?? ".";
        options.Root = root.Length == 0
            ? throw new CliUsageException(parseResult.GetValue(_root) is null ? "AeUpdater:Root is empty (leave it out for the current directory)" : "--root: the folder path is empty (leave it out for the current directory)")
            : Path.GetFullPath(root, _host.CurrentDirectory);
        options.DefaultDestination = parseResult.GetValue(_destination) ?? options.DefaultDestination;
        options.Platform = parseResult.GetValue(_os) ?? options.Platform;
        options.AppName = parseResult.GetValue(_appName) ?? options.AppName;
        options.Placeholders ??= new Dictionary<string, string>(StringComparer.Ordinal);
        CliOptions.Apply(parseResult.GetValue(_placeholders), options.Placeholders);
        options.Exclude ??= [];
        options.Exclude.AddRange(parseResult.GetValue(_exclude) ?? []);
        options.DryRun |= parseResult.GetValue(_dryRun);
        options.TrustAnyPlugin |= parseResult.GetValue(_trustAnyPlugin);
        options.RequireVerifiedPlugins |= parseResult.GetValue(_requireVerifiedPlugins);
        if (parseResult.GetValue(_stateDirectory) is { } state)
        {
            if (string.IsNullOrWhiteSpace(state))
            {
                throw new CliUsageException("--state-dir: the folder path is empty (leave it out for the default, {app}/.aeupdater)");
            }

            // A relative --state-dir is relative to where the command runs, like --root.
            options.StateDirectory = state.Contains('{', StringComparison.Ordinal) || state.StartsWith('~')
                ? state
                : Path.GetFullPath(state, _host.CurrentDirectory);
        }

        options.Durability = parseResult.GetValue(_durability) ?? options.Durability;
        if (parseResult.GetValue(_lockTimeout) is { } seconds)
        {
            options.LockTimeout = TimeSpan.FromSeconds(seconds);
        }

        options.Environment = _host.CreatePlaceholderEnvironment(platform: null);
        return options;
    }

    private UpdateReport Run(UpdaterOptions options, Microsoft.Extensions.Logging.ILogger logger, bool json, CancellationToken cancellationToken)
    {
        return json || !_host.IsInteractive
            ? AppEnvUpdater.CheckAll(options, logger, cancellationToken)
            : RunWithProgress(options, logger, cancellationToken);
    }

    /// <summary>On a terminal: the run under a Spectre progress bar (its own method, so that other runs never load Spectre.Console).</summary>
    private UpdateReport RunWithProgress(UpdaterOptions options, Microsoft.Extensions.Logging.ILogger logger, CancellationToken cancellationToken)
    {
        // A progress bar over the file operations; it is indeterminate while the plugins run and the plan is made.
        return ConsoleFactory.Create(_host).Progress()
            .AutoClear(true)
            .HideCompleted(true)
            .Columns(new SpinnerColumn(), new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn())
            .Start(context =>
            {
                var task = context.AddTask("Running plugins and planning", maxValue: 1);
                task.IsIndeterminate = true;
                options.Progress = new ProgressTaskReporter(task);
                var report = AppEnvUpdater.CheckAll(options, logger, cancellationToken);
                task.Value = task.MaxValue;
                task.StopTask();
                return report;
            });
    }
}
