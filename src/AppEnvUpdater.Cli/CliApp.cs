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
        var root = CreateRootCommand(host);
        var parseResult = root.Parse(args);
        var invocation = new InvocationConfiguration { Output = host.Stdout, Error = host.Stderr };
        if (parseResult.Errors.Count > 0)
        {
            foreach (var error in parseResult.Errors)
            {
                host.Stderr.WriteLine($"ae-updater: {error.Message}");
            }

            var command = parseResult.CommandResult.Command == root ? "ae-updater" : "ae-updater " + parseResult.CommandResult.Command.Name;
            host.Stderr.WriteLine($"Run '{command} --help' for usage.");
            return ExitCodes.Usage;
        }

        return parseResult.Invoke(invocation);
    }

    internal static RootCommand CreateRootCommand(CliHost host) => new(Description)
    {
        new CheckAllCommand(host).Build(),
        DefuseCommand.Defuse(host).Build(),
        DefuseCommand.Dedefuse(host).Build(),
        new PlaceholdersCommand(host).Build(),
        new AppCommand(host).Build(),
    };
}
