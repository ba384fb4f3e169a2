using System.CommandLine;
using AeUpdater.Cli.Hosting;
using Microsoft.Extensions.Logging.Abstractions;

namespace AeUpdater.Cli.Commands;

/// <summary>The options <c>status</c> and <c>forget-plugin</c> share with <c>check-all</c> to find the state directory.</summary>
internal sealed class StateCommandOptions
{
    public Option<string?> Root { get; } = new("--root")
    {
        Description = "The app's root folder (as for check-all). Default: config AeUpdater:Root, else the current directory.",
        HelpName = "DIR",
    };

    public Option<string?> StateDirectory { get; } = new("--state-dir")
    {
        Description = "The state directory (as for check-all); may use placeholders. Default: {app}/.aeupdater.",
        HelpName = "DIR",
    };

    public Option<string?> AppName { get; } = CliOptions.AppName();

    public Option<string[]> Placeholders { get; } = CliOptions.Placeholder();

    public Option<bool> Json { get; }

    public StateCommandOptions(string jsonWhat)
    {
        Json = CliOptions.Json(jsonWhat);
    }

    public void AddTo(Command command)
    {
        command.Options.Add(Root);
        command.Options.Add(StateDirectory);
        command.Options.Add(AppName);
        command.Options.Add(Placeholders);
        command.Options.Add(Json);
    }

    /// <summary>Resolves the options as <c>check-all</c> does (configuration, then the command line); throws <see cref="UpdaterOptionsException"/> when invalid.</summary>
    public RunContext CreateContext(ParseResult parseResult, CliHost host, Action<UpdaterOptions>? configure = null)
    {
        var options = UpdaterOptions.FromConfiguration(CliConfiguration.Build(host));
        options.Root = Path.GetFullPath(parseResult.GetValue(Root) ?? options.Root ?? ".", host.CurrentDirectory);
        options.AppName = parseResult.GetValue(AppName) ?? options.AppName;
        options.Placeholders ??= new Dictionary<string, string>(StringComparer.Ordinal);
        CliOptions.Apply(parseResult.GetValue(Placeholders), options.Placeholders);
        if (parseResult.GetValue(StateDirectory) is { } state)
        {
            options.StateDirectory = state.Contains('{', StringComparison.Ordinal) || state.StartsWith('~')
                ? state
                : Path.GetFullPath(state, host.CurrentDirectory);
        }

        options.Environment = host.CreatePlaceholderEnvironment(platform: null);
        configure?.Invoke(options);
        return RunContext.Create(options, NullLogger.Instance, CancellationToken.None);
    }

    /// <summary>Prints the invalid-options lines of <paramref name="command"/>; returns exit code 2.</summary>
    public static int UsageError(CliHost host, string command, Exception ex)
    {
        var errors = ex is UpdaterOptionsException { Errors.Count: > 0 } options ? options.Errors : [ex.Message];
        foreach (var error in errors)
        {
            host.Stderr.WriteLine($"ae-updater {command}: {error}");
        }

        host.Stderr.WriteLine($"Run 'ae-updater {command} --help' for usage.");
        return ExitCodes.Usage;
    }
}
