using System.CommandLine;
using AeUpdater.Cli.Commands;
using AeUpdater.Cli.Hosting;

namespace AeUpdater.Cli;

/// <summary>The <c>ae-updater</c> command line, runnable in-process (tests pass their own writers and variables).</summary>
internal static class CliApp
{
    private const string Description = """
        ae-updater: apply AeUpdater drop-in folders and plugins from the command line, as an app's
        AppEnvUpdater.CheckAll() call would at its start, and inspect folder names and placeholders.

        Examples:
          ae-updater check-all --root ./dist --dry-run      show what would be copied and moved
          ae-updater defuse '{app}/themes'                  text for a ___ToPath__ folder-name argument
          ae-updater placeholders                           what {usr}, {app}, {doc}, ... are here
          ae-updater tuf --metadata-dir md init root.json   trust a TUF root (then refresh, download)
        """;

    /// <summary>Runs the command line with the given output writers and environment variables.</summary>
    /// <param name="args">The arguments.</param>
    /// <param name="stdout">Where the report goes.</param>
    /// <param name="stderr">Where logs and errors go.</param>
    /// <param name="environment">The environment variables. Default: the process's.</param>
    /// <param name="currentDirectory">The current directory. Default: the process's.</param>
    /// <returns>The exit code.</returns>
    public static int Run(string[] args, TextWriter stdout, TextWriter stderr, IDictionary<string, string?>? environment = null, string? currentDirectory = null) =>
        Run(args, CliHost.Create(stdout, stderr, environment, currentDirectory));

    /// <summary>Runs the command line on <paramref name="host"/>.</summary>
    public static int Run(string[] args, CliHost host)
    {
        ArgumentNullException.ThrowIfNull(args);
        ArgumentNullException.ThrowIfNull(host);
        var root = CreateRootCommand(host);
        var parseResult = root.Parse(args);
        var invocation = new InvocationConfiguration { Output = host.Stdout, Error = host.Stderr, EnableDefaultExceptionHandler = false };
        var commandName = parseResult.CommandResult.Command == root ? "" : parseResult.CommandResult.Command.Name;
        if (parseResult.Errors.Count > 0)
        {
            // With --json anywhere before a "--", even a usage error is the one JSON object on stdout.
            var json = args.TakeWhile(a => a != "--").Contains("--json", StringComparer.Ordinal);
            var output = new CommandOutput(host, commandName, json);
            var command = commandName.Length == 0 ? "ae-updater" : "ae-updater " + commandName;
            return output.Fail(TufCommand.Owns(parseResult) ? ExitCodes.Failures : ExitCodes.Usage, [.. parseResult.Errors.Select(e => e.Message), $"run '{command} --help' for usage"]);
        }

        try
        {
            return parseResult.Invoke(invocation);
        }
        catch (IOException ex)
        {
            // Help or a command's output could not be written (a closed pipe, a full disk).
            new CommandOutput(host, commandName, json: false).WriteError($"could not write to standard output ({ErrorText.WithoutFinalPeriod(ErrorText.Of(ex))}).");
            return ExitCodes.Failures;
        }
    }

    internal static RootCommand CreateRootCommand(CliHost host) => new(Description)
    {
        new CheckAllCommand(host).Build(),
        DefuseCommand.Defuse(host).Build(),
        DefuseCommand.Dedefuse(host).Build(),
        new PlaceholdersCommand(host).Build(),
        new StatusCommand(host).Build(),
        new ForgetPluginCommand(host).Build(),
        new RepoCommand(host).Build(),
        new UpdateCommand(host).Build(),
        new TufCommand(host).Build(),
        new AppCommand(host).Build(),
    };
}
