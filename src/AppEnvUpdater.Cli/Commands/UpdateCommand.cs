using System.CommandLine;
using System.Text.Json;
using System.Text.Json.Serialization;
using AeUpdater.Cli.Hosting;
using AeUpdater.Delivery.Releases;
using AeUpdater.Delivery.Updating;
using Serilog.Extensions.Logging;

namespace AeUpdater.Cli.Commands;

/// <summary><c>ae-updater update</c>: install the newest signed release of an app into its root (<see cref="UpdateClient"/>).</summary>
internal sealed class UpdateCommand(CliHost host)
{
    private const string Description = """
        Refresh the app's TUF metadata, pick the newest version of the channel above the installed one (a required
        release before it is installed first), download patches when they are smaller than the archive (else the
        archive), verify the result against the signed hash and install its files into the root crash-safely.
        The next check-all applies the drop-in folders and plugins it brought.

        Exit codes: 0 updated, up to date, or (dry run) an update is available; 1 the update failed (nothing was
        installed; the reason is printed); 2 bad usage.

        Example:
          ae-updater update --metadata-url https://example.com/myapp/metadata/ \
            --target-base-url https://example.com/myapp/targets/ --trusted-root ./root.json \
            --name MyApp --root ./app
        """;

    private static readonly JsonSerializerOptions JsonOptions = new()
    {
        WriteIndented = true,
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.CamelCase) },
    };

    public Command Build()
    {
        var metadataUrl = new Option<string>("--metadata-url") { Description = "The repository's metadata URL (http(s): or file:).", Required = true, HelpName = "URL" };
        var targetBaseUrl = new Option<string>("--target-base-url") { Description = "The repository's target base URL.", Required = true, HelpName = "URL" };
        var trustedRoot = new Option<string?>("--trusted-root") { Description = "The root.json shipped with the app; read only on the first run (when the state has no trusted metadata).", HelpName = "FILE" };
        var name = new Option<string>("--name") { Description = "The app's name, as given to 'repo init --name'.", Required = true, HelpName = "APP" };
        var root = new Option<string>("--root") { Description = "The app's root folder, where the archive's files are installed.", Required = true, HelpName = "DIR" };
        var channel = new Option<string>("--channel") { Description = "stable (default), rc, beta or alpha; each also gets the more stable releases.", HelpName = "CHANNEL", DefaultValueFactory = _ => "stable" };
        var stateDir = new Option<string?>("--state-dir") { Description = "The state directory (installed.json, tuf/, delivery/). Default: {app}/.aeupdater, as check-all's.", HelpName = "DIR" };
        var dryRun = new Option<bool>("--dry-run", "-n") { Description = "Only say what would be downloaded and installed." };
        var json = CliOptions.Json("the result");
        var verbose = new Option<bool>("--verbose", "-v") { Description = "Log everything to stderr (default: warnings and errors only)." };
        var command = new Command("update", Description) { metadataUrl, targetBaseUrl, trustedRoot, name, root, channel, stateDir, dryRun, json, verbose };
        command.SetAction(async (parseResult, cancellationToken) =>
        {
            var configuration = CliConfiguration.Build(host);
            using var serilog = CliLogging.Create(configuration, host, parseResult.GetValue(verbose));
            using var loggerFactory = new SerilogLoggerFactory(serilog);
            UpdateClient client;
            try
            {
                var state = parseResult.GetValue(stateDir);
                client = new UpdateClient(
                    new UpdateClientOptions
                    {
                        MetadataUrl = parseResult.GetValue(metadataUrl)!,
                        TargetBaseUrl = parseResult.GetValue(targetBaseUrl)!,
                        AppName = parseResult.GetValue(name)!,
                        Root = Path.GetFullPath(parseResult.GetValue(root)!, host.CurrentDirectory),
                        TrustedRootPath = parseResult.GetValue(trustedRoot) is { } file ? Path.GetFullPath(file, host.CurrentDirectory) : null,
                        StateDirectory = state is null ? "{app}/.aeupdater"
                            : state.Contains('{', StringComparison.Ordinal) || state.StartsWith('~') ? state : Path.GetFullPath(state, host.CurrentDirectory),
                        Channel = ReleaseNames.ParseChannel(parseResult.GetValue(channel)!),
                        DryRun = parseResult.GetValue(dryRun),
                        Environment = host.CreatePlaceholderEnvironment(platform: null),
                    },
                    loggerFactory.CreateLogger("AeUpdater.Delivery"));
            }
            catch (Exception ex) when (ex is ArgumentException or FormatException)
            {
                host.Stderr.WriteLine($"ae-updater update: {ex.Message}");
                return ExitCodes.Usage;
            }

            UpdateResult result;
            try
            {
                result = await client.UpdateAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                host.Stderr.WriteLine("ae-updater update: cancelled; the root is as it was (or the install is finished at the next call).");
                return ExitCodes.Failures;
            }

            if (parseResult.GetValue(json))
            {
                host.Stdout.WriteLine(JsonSerializer.Serialize(result, JsonOptions));
            }
            else
            {
                WriteText(result);
            }

            return result.Status == UpdateStatus.Failed ? ExitCodes.Failures : ExitCodes.Success;
        });
        return command;
    }

    private void WriteText(UpdateResult result)
    {
        var output = host.Stdout;
        if (result.Recovery is not null)
        {
            output.WriteLine($"Recovered: {result.Recovery}");
        }

        var installed = result.InstalledVersion ?? "none";
        switch (result.Status)
        {
            case UpdateStatus.UpToDate:
                output.WriteLine($"Up to date: {installed} is installed and nothing newer is in the channel.");
                break;
            case UpdateStatus.UpdateAvailable:
                output.WriteLine($"Update available: {installed} -> {result.TargetVersion}{(result.StoppedAtRequired ? $" (required; newest {result.NewestVersion})" : "")} by {result.Method}: {string.Join(", ", result.Downloads)} ({result.DownloadBytes:N0} bytes). Dry run: nothing downloaded.");
                break;
            case UpdateStatus.Updated:
                output.WriteLine($"Updated {installed} -> {result.TargetVersion} by {result.Method} ({result.DownloadBytes:N0} bytes downloaded: {string.Join(", ", result.Downloads)}); {result.FilesWritten} files written.");
                if (result.PatchFailure is not null)
                {
                    output.WriteLine($"  The patches failed and the archive was used: {result.PatchFailure}");
                }

                if (result.StoppedAtRequired)
                {
                    output.WriteLine($"  {result.TargetVersion} is a required release; run update again (after check-all) for {result.NewestVersion}.");
                }

                break;
            default:
                host.Stderr.WriteLine($"ae-updater update: nothing was installed: {result.Error}");
                break;
        }
    }
}
