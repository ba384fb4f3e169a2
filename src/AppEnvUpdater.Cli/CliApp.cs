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
        var root = CreateRootCommand(host, args.Length > 0 ? args[0] : null);
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

    /// <summary>The command names and how to build each command (its options, descriptions and actions).</summary>
    internal static IReadOnlyList<(string Name, Func<CliHost, Command> Build)> Commands { get; } =
    [
        ("check-all", host => new CheckAllCommand(host).Build()),
        ("defuse", host => DefuseCommand.Defuse(host).Build()),
        ("dedefuse", host => DefuseCommand.Dedefuse(host).Build()),
        ("placeholders", host => new PlaceholdersCommand(host).Build()),
        ("status", host => new StatusCommand(host).Build()),
        ("forget-plugin", host => new ForgetPluginCommand(host).Build()),
        ("repo", host => new RepoCommand(host).Build()),
        ("update", host => new UpdateCommand(host).Build()),
        ("tuf", host => new TufCommand(host).Build()),
        ("app", host => new AppCommand(host).Build()),
    ];

    /// <summary>
    /// The root command with every command, or, when <paramref name="first"/> (the first argument) names a command, with
    /// that command alone: the others' options, descriptions and validators are then neither built nor compiled (start-up
    /// cost; docs/performance.md). Parsing and help of the named command are the same either way, as a command's
    /// arguments never reach its siblings; anything else (no argument, an option, a response file, a typo) gets them all.
    /// </summary>
    internal static RootCommand CreateRootCommand(CliHost host, string? first = null)
    {
        var root = new RootCommand(Description);
        foreach (var (name, build) in Commands)
        {
            if (first == name)
            {
                root.Add(build(host));
                return root;
            }
        }

        foreach (var (_, build) in Commands)
        {
            root.Add(build(host));
        }

        return root;
    }
}
