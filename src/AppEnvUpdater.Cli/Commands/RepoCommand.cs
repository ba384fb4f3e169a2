using System.CommandLine;
using System.Globalization;
using AeUpdater.Cli.Hosting;
using AeUpdater.Delivery;
using AeUpdater.Delivery.Publishing;
using AeUpdater.Delivery.Releases;

namespace AeUpdater.Cli.Commands;

/// <summary><c>ae-updater repo</c>: publish signed archives and patches (tufup's repository tools).</summary>
internal sealed class RepoCommand(CliHost host)
{
    private const string Description = """
        Publish an app's updates as a TUF repository: REPO/metadata/ is served as the metadata URL and
        REPO/targets/ as the target base URL by any static web server; private keys stay in REPO/keys/ (or
        --keys DIR) and must never be served. See docs/publishing-and-updating.md.

        Examples:
          ae-updater repo init ./repo --name MyApp
          ae-updater repo add ./repo ./publish --version 1.2.0
          ae-updater repo sign ./repo --role timestamp     (daily, e.g. from cron)
          ae-updater repo rotate-key ./repo --role targets
        """;

    private readonly Option<string?> _keys = new("--keys")
    {
        Description = "The folder of the private keys. Default: REPO/keys (or what 'repo init --keys' recorded).",
        HelpName = "DIR",
    };

    public Command Build()
    {
        var command = new Command("repo", Description) { Init(), Add(), Sign(), RotateKey() };
        return command;
    }

    private static Argument<string> RepoArgument() => new("REPO") { Description = "The repository folder." };

    private Command Init()
    {
        var repo = RepoArgument();
        var name = new Option<string>("--name") { Description = "The app's name (archive names are NAME-VERSION.tar.gz).", Required = true, HelpName = "APP" };
        var command = new Command("init", "Create the keys (one ed25519 key per role, files mode 0600) and version 1 of root, targets, snapshot and timestamp (consistent snapshots).")
        {
            repo, name, _keys,
        };
        command.SetAction(parseResult => Run(() =>
        {
            var created = UpdateRepository.Init(FullPath(parseResult.GetValue(repo)!), parseResult.GetValue(name)!, FullPathOrNull(parseResult.GetValue(_keys)));
            host.Stdout.WriteLine($"Created the repository of {created.AppName} in {created.RepoDir}");
            host.Stdout.WriteLine($"  serve:       {created.MetadataDir} (metadata URL), {created.TargetsDir} (target base URL)");
            host.Stdout.WriteLine($"  keys:        {created.KeysDir} (keep private; never serve)");
            host.Stdout.WriteLine($"  ship with the app as its trusted root: {Path.Join(created.MetadataDir, "1.root.json")}");
        }));
        return command;
    }

    private Command Add()
    {
        var repo = RepoArgument();
        var bundle = new Argument<string>("BUNDLE_DIR") { Description = "The folder to publish (e.g. dotnet publish output, drop-in folders, plugins)." };
        var version = new Option<string>("--version") { Description = "The SemVer 2.0 version (1.2.0, 1.3.0-rc.1, 1.3.0-beta.2, 1.3.0-alpha.1).", Required = true, HelpName = "VERSION" };
        var required = new Option<bool>("--required") { Description = "Clients must install this release before any later one." };
        var noPatch = new Option<bool>("--no-patch") { Description = "Publish only the archive, no patch from the previous version." };
        var command = new Command("add", "Archive BUNDLE_DIR as APP-VERSION.tar.gz, make the patch APP-VERSION.patch from the previous version, and sign targets, snapshot and timestamp.")
        {
            repo, bundle, version, required, noPatch, _keys,
        };
        command.SetAction(parseResult => Run(() =>
        {
            var opened = UpdateRepository.Open(FullPath(parseResult.GetValue(repo)!), FullPathOrNull(parseResult.GetValue(_keys)));
            NuGet.Versioning.NuGetVersion parsed;
            try
            {
                parsed = ReleaseNames.ParseVersion(parseResult.GetValue(version)!);
            }
            catch (FormatException ex)
            {
                throw new DeliveryException("--version: " + ex.Message, ex);
            }

            var result = opened.Add(FullPath(parseResult.GetValue(bundle)!), parsed, parseResult.GetValue(required), !parseResult.GetValue(noPatch));
            host.Stdout.WriteLine($"Added {result.Archive.Target.Path} ({Bytes(result.Archive.Target.Length)}; tar {Bytes(result.Archive.TarLength)}){(result.Archive.Required ? ", required" : "")}, channel {ReleaseNames.ChannelOf(parsed).ToString().ToLowerInvariant()}");
            if (result.Patch is { } patch)
            {
                host.Stdout.WriteLine($"Added {patch.Target.Path} ({Bytes(patch.Target.Length)}) from {patch.From}");
            }

            host.Stdout.WriteLine($"Signed: {string.Join(", ", result.MetadataWritten)}");
        }));
        return command;
    }

    private Command Sign()
    {
        var repo = RepoArgument();
        var role = new Option<string?>("--role") { Description = "The role to re-sign: root, targets, snapshot or timestamp. Default: all four.", HelpName = "ROLE" };
        var command = new Command("sign", "Re-sign with a new version and a renewed expiry (root 365 days, targets 7, snapshot 7, timestamp 1); snapshot and timestamp follow.")
        {
            repo, role, _keys,
        };
        command.SetAction(parseResult => Run(() =>
        {
            var opened = UpdateRepository.Open(FullPath(parseResult.GetValue(repo)!), FullPathOrNull(parseResult.GetValue(_keys)));
            var written = opened.Sign(parseResult.GetValue(role));
            host.Stdout.WriteLine($"Signed: {string.Join(", ", written)}");
        }));
        return command;
    }

    private Command RotateKey()
    {
        var repo = RepoArgument();
        var role = new Option<string>("--role") { Description = "The role whose key is replaced: root, targets, snapshot or timestamp.", Required = true, HelpName = "ROLE" };
        var command = new Command("rotate-key", "Replace a role's key: a new root lists the new key (signed by the old and the new root keys); old key files go to KEYS/retired/.")
        {
            repo, role, _keys,
        };
        command.SetAction(parseResult => Run(() =>
        {
            var opened = UpdateRepository.Open(FullPath(parseResult.GetValue(repo)!), FullPathOrNull(parseResult.GetValue(_keys)));
            var keyId = opened.RotateKey(parseResult.GetValue(role)!);
            host.Stdout.WriteLine($"The {parseResult.GetValue(role)} role now uses key {keyId}; old key files moved to {Path.Join(opened.KeysDir, "retired")} (destroy them once clients have updated).");
        }));
        return command;
    }

    private static string Bytes(long bytes) => bytes.ToString("N0", CultureInfo.InvariantCulture) + " bytes";

    private string FullPath(string path) => Path.GetFullPath(path, host.CurrentDirectory);

    private string? FullPathOrNull(string? path) => path is null ? null : FullPath(path);

    private int Run(Action action)
    {
        try
        {
            action();
            return ExitCodes.Success;
        }
        catch (Exception ex) when (ex is DeliveryException or IOException or UnauthorizedAccessException or Tuf.TufException)
        {
            host.Stderr.WriteLine($"ae-updater repo: {ex.Message}");
            return ExitCodes.Failures;
        }
    }
}
