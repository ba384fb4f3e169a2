using System.CommandLine;
using AeUpdater.Cli.Hosting;
using AeUpdater.Tuf.Client;
using Serilog.Extensions.Logging;

namespace AeUpdater.Cli.Commands;

/// <summary>
/// <c>ae-updater tuf</c>: a plain TUF client with the command line TUF clients share (the one the public
/// conformance suite drives). Options come before the subcommand; exit code 0 on success, 1 on every failure.
/// </summary>
internal sealed class TufCommand
{
    public const string Name = "tuf";

    private const string Description = """
        A plain TUF (The Update Framework) client. The metadata folder holds only the trusted metadata, one
        ROLE.json per role (delegated role names percent-encoded). Exit code 0 on success, 1 on any failure.

        Examples:
          ae-updater tuf --metadata-dir md init root.json
          ae-updater tuf --metadata-url https://example.com/metadata/ --metadata-dir md refresh
          ae-updater tuf --metadata-url URL --metadata-dir md --target-name app.tar.gz --target-dir out \
                         --target-base-url https://example.com/targets/ download
        """;

    private readonly CliHost _host;
    private readonly Option<string?> _metadataDir = new("--metadata-dir") { Description = "The trusted metadata folder.", HelpName = "DIR" };
    private readonly Option<string?> _metadataUrl = new("--metadata-url") { Description = "The repository's metadata URL (http:, https: or file:), used verbatim.", HelpName = "URL" };
    private readonly Option<string[]> _targetNames = new("--target-name") { Description = "A target to download, repeatable.", HelpName = "NAME", Arity = ArgumentArity.ZeroOrMore };
    private readonly Option<string?> _targetDir = new("--target-dir") { Description = "Where downloaded targets go (named as the target path percent-encoded).", HelpName = "DIR" };
    private readonly Option<string?> _targetBaseUrl = new("--target-base-url") { Description = "The repository's targets URL, used verbatim.", HelpName = "URL" };
    private readonly Option<int?> _maxRootRotations = new("--max-root-rotations") { Description = "The most new root versions accepted in one refresh. Default: 256.", HelpName = "N" };
    private readonly Option<int?> _daysInFuture = new("--days-in-future") { Description = "Check expiry as if this many days later (for tests). Default: 0.", HelpName = "DAYS" };
    private readonly Option<bool> _verbose = new("--verbose", "-v") { Description = "Log every step to stderr." };
    private readonly Argument<string> _trustedRoot = new("TRUSTED_ROOT_FILE") { Description = "The root metadata file to trust." };

    public TufCommand(CliHost host)
    {
        _host = host;
    }

    /// <summary>Whether a parse result belongs to this command (its usage errors exit with 1, like every failure).</summary>
    public static bool Owns(ParseResult parseResult)
    {
        for (var result = parseResult.CommandResult; result is not null; result = result.Parent as System.CommandLine.Parsing.CommandResult)
        {
            if (result.Command.Name == Name && result.Parent is System.CommandLine.Parsing.CommandResult { Command: RootCommand })
            {
                return true;
            }
        }

        return false;
    }

    public Command Build()
    {
        var init = new Command("init", "Trust TRUSTED_ROOT_FILE: it must be valid root metadata signed by a threshold of its own root keys. No request is made.") { _trustedRoot };
        init.SetAction(parseResult => Execute(parseResult, "init", (_, _) => Task.FromResult(Init(parseResult)), CancellationToken.None));
        var refresh = new Command("refresh", "Refresh the trusted metadata from --metadata-url (root chain, timestamp, snapshot, targets).");
        refresh.SetAction((parseResult, cancellationToken) => Task.FromResult(Execute(parseResult, "refresh", (logger, ct) => RefreshAsync(parseResult, logger, ct), cancellationToken)));
        var download = new Command("download", "Refresh, then download each --target-name into --target-dir from --target-base-url (verified; a present verified file is kept).");
        download.SetAction((parseResult, cancellationToken) => Task.FromResult(Execute(parseResult, "download", (logger, ct) => DownloadAsync(parseResult, logger, ct), cancellationToken)));

        var command = new Command(Name, Description)
        {
            _metadataDir, _metadataUrl, _targetNames, _targetDir, _targetBaseUrl, _maxRootRotations, _daysInFuture, _verbose,
            init, refresh, download,
        };
        command.SetAction(_ =>
        {
            _host.Stderr.WriteLine("ae-updater tuf: a subcommand is required: init, refresh or download.");
            return ExitCodes.Failures;
        });
        return command;
    }

    /// <summary>Runs a subcommand: every exception becomes a message on stderr and exit code 1.</summary>
    private int Execute(ParseResult parseResult, string subcommand, Func<Microsoft.Extensions.Logging.ILogger, CancellationToken, Task<int>> run, CancellationToken cancellationToken)
    {
        try
        {
            var configuration = CliConfiguration.Build(_host);
            using var serilog = CliLogging.Create(configuration, _host, parseResult.GetValue(_verbose));
            using var loggerFactory = new SerilogLoggerFactory(serilog);
            var logger = loggerFactory.CreateLogger("AeUpdater.Tuf");
            return run(logger, cancellationToken).GetAwaiter().GetResult();
        }
        catch (Exception ex)
        {
            _host.Stderr.WriteLine($"ae-updater tuf {subcommand}: {ex.Message}");
            return ExitCodes.Failures;
        }
    }

    private int Init(ParseResult parseResult)
    {
        var metadataDir = Required(parseResult, _metadataDir);
        var rootFile = Resolve(parseResult.GetValue(_trustedRoot)!);
        Updater.InitializeTrustedRoot(metadataDir, File.ReadAllBytes(rootFile));
        return ExitCodes.Success;
    }

    private async Task<int> RefreshAsync(ParseResult parseResult, Microsoft.Extensions.Logging.ILogger logger, CancellationToken cancellationToken)
    {
        using var updater = CreateUpdater(parseResult, logger);
        await updater.RefreshAsync(cancellationToken).ConfigureAwait(false);
        return ExitCodes.Success;
    }

    private async Task<int> DownloadAsync(ParseResult parseResult, Microsoft.Extensions.Logging.ILogger logger, CancellationToken cancellationToken)
    {
        var names = parseResult.GetValue(_targetNames) ?? [];
        if (names.Length == 0)
        {
            throw new InvalidOperationException("download needs at least one --target-name.");
        }

        _ = Required(parseResult, _targetDir);
        _ = parseResult.GetValue(_targetBaseUrl) ?? throw new InvalidOperationException("download needs --target-base-url.");
        using var updater = CreateUpdater(parseResult, logger);
        await updater.RefreshAsync(cancellationToken).ConfigureAwait(false);
        foreach (var name in names)
        {
            var info = await updater.GetTargetInfoAsync(name, cancellationToken).ConfigureAwait(false)
                ?? throw new InvalidOperationException($"No trusted targets metadata lists '{name}'.");
            var path = await updater.DownloadTargetAsync(info, cancellationToken: cancellationToken).ConfigureAwait(false);
            _host.Stdout.WriteLine(path);
        }

        return ExitCodes.Success;
    }

    private Updater CreateUpdater(ParseResult parseResult, Microsoft.Extensions.Logging.ILogger logger)
    {
        var metadataDir = Required(parseResult, _metadataDir);
        var metadataUrl = parseResult.GetValue(_metadataUrl) ?? throw new InvalidOperationException("--metadata-url is required.");
        var targetDir = parseResult.GetValue(_targetDir) is { } dir ? Resolve(dir) : null;
        var config = new UpdaterConfig();
        if (parseResult.GetValue(_maxRootRotations) is { } rotations)
        {
            config.MaxRootRotations = rotations;
        }

        var days = parseResult.GetValue(_daysInFuture) ?? 0;
        var time = days == 0 ? TimeProvider.System : new ShiftedTime(TimeSpan.FromDays(days));
        return new Updater(metadataDir, metadataUrl, targetDir, parseResult.GetValue(_targetBaseUrl), config: config, timeProvider: time, logger: logger);
    }

    private string Required(ParseResult parseResult, Option<string?> option) =>
        parseResult.GetValue(option) is { } value ? Resolve(value) : throw new InvalidOperationException($"{option.Name} is required.");

    private string Resolve(string path) => Path.GetFullPath(path, _host.CurrentDirectory);

    /// <summary>The system clock moved by a fixed offset (<c>--days-in-future</c>).</summary>
    private sealed class ShiftedTime(TimeSpan offset) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => System.GetUtcNow() + offset;
    }
}
