using System.CommandLine;
using System.Text;
using System.Text.Json;
using AeUpdater.Cli.Hosting;
using AeUpdater.Cli.Output;
using AeUpdater.Delivery.Releases;
using AeUpdater.Delivery.Updating;
using AeUpdater.Installs;
using Microsoft.Extensions.Logging;
using Serilog.Extensions.Logging;

namespace AeUpdater.Cli.Commands;

/// <summary>
/// <c>ae-updater app install|versions|cleanup|uninstall</c>: versioned installs side by side (<c>INSTALL/APP</c>, the
/// launcher, and <c>INSTALL/appdata/APP-VERSION.RID/</c>), through <see cref="AppInstaller"/>.
/// </summary>
internal sealed class AppCommand
{
    private const string Description = """
        Versioned installs: each version of an app in its own folder under INSTALL/appdata/, and a launcher
        INSTALL/APP that starts the newest complete one (never a half-installed or damaged one, never one that failed
        to start 3 times in a row without reporting itself healthy).

        Examples:
          ae-updater app install ~/apps/demo ./publish --name demo --version 1.0.0
          ae-updater app install ~/apps/demo demo-1.1.0.tar.gz --name demo --version 1.1.0 --entry bin/demo
          ae-updater app update ~/apps/demo --metadata-url file:///srv/demo/metadata/ \
            --target-base-url file:///srv/demo/targets/ --trusted-root ./root.json --name demo
          ae-updater app versions ~/apps/demo
          ae-updater app cleanup ~/apps/demo
          ae-updater app uninstall ~/apps/demo --version 1.0.0
        """;

    private readonly CliHost _host;

    public AppCommand(CliHost host)
    {
        _host = host;
    }

    public Command Build()
    {
        var command = new Command("app", Description);
        command.Subcommands.Add(BuildInstall());
        command.Subcommands.Add(BuildUpdate());
        command.Subcommands.Add(BuildVersions());
        command.Subcommands.Add(BuildCleanup());
        command.Subcommands.Add(BuildUninstall());
        return command;
    }

    private static Argument<string> InstallArgument() => new("INSTALL") { Description = "The install folder (holds the launcher APP and appdata/)." };

    private static Option<string?> Name(bool required) => new("--name")
    {
        Description = required ? "The app's name: the launcher's file name and the version folders' prefix." : "The app's name. Default: the one app installed in INSTALL.",
        HelpName = "APP",
        Required = required,
    };

    private static Option<double?> LockTimeout() => new("--lock-timeout")
    {
        Description = "Seconds to wait for another updater of the same install. Default: 30.",
        HelpName = "SECONDS",
    };

    private static Option<bool> Verbose() => new("--verbose", "-v") { Description = "Log everything to stderr (default: warnings and errors only)." };

    private Command BuildInstall()
    {
        var install = InstallArgument();
        var source = new Argument<string>("SOURCE") { Description = "The version's files: a folder, or a .tar.gz with the files at its top." };
        var name = Name(required: true);
        var version = new Option<string>("--version") { Description = "The version (SemVer 2.0), e.g. 1.2.0 or 2.0.0-rc.1.", HelpName = "V", Required = true };
        var entry = new Option<string?>("--entry") { Description = "The executable inside the version, relative. Default: APP.", HelpName = "RELATIVE_PATH" };
        var launcher = new Option<string?>("--launcher")
        {
            Description = "A launcher build to set up INSTALL/APP with (e.g. a NativeAOT publish folder of src/Launcher). Default: the one carried by this tool.",
            HelpName = "DIR",
        };
        var lockTimeout = LockTimeout();
        var json = CliOptions.Json("the result");
        var verbose = Verbose();
        var command = new Command("install", """
            Install version V of APP from SOURCE into INSTALL (set up INSTALL and its launcher when new): unpacked under
            appdata/updates/, checked, flushed, renamed into appdata/ whole and marked complete as the last step.
            """)
        {
            install, source, name, version, entry, launcher, lockTimeout, json, verbose,
        };
        command.SetAction((parseResult, cancellationToken) => Task.FromResult(Run(parseResult, parseResult.GetValue(name), lockTimeout, verbose, parseResult.GetValue(launcher), install, (installer, _) =>
        {
            var report = installer.Install(Path.GetFullPath(parseResult.GetValue(source)!, _host.CurrentDirectory), parseResult.GetValue(version)!, parseResult.GetValue(entry), cancellationToken);
            if (parseResult.GetValue(json))
            {
                WriteJson(w =>
                {
                    w.WriteString("outcome", Camel(report.Outcome.ToString()));
                    w.WriteString("version", report.Version);
                    w.WriteString("folder", report.Folder);
                    w.WriteNumber("files", report.Files);
                    w.WriteNumber("bytes", report.Bytes);
                    w.WriteString("launcher", installer.LauncherPath);
                    w.WriteBoolean("launcherUpdated", report.LauncherUpdated);
                    w.WriteString("error", report.Error);
                });
            }
            else if (report.Outcome == InstallOutcome.Failed)
            {
                _host.Stderr.WriteLine($"ae-updater app install: {report.Error}");
            }
            else
            {
                var what = report.Outcome == InstallOutcome.Installed ? "installed" : "already installed";
                _host.Stdout.WriteLine($"{report.Version} {what} in {report.Folder} ({report.Files} files, {report.Bytes} bytes); start it with {installer.LauncherPath}");
            }

            return report.Outcome == InstallOutcome.Failed ? ExitCodes.Failures : ExitCodes.Success;
        })));
        return command;
    }

    private Command BuildUpdate()
    {
        var install = InstallArgument();
        var metadataUrl = new Option<string>("--metadata-url") { Description = "The repository's metadata URL (http(s): or file:).", Required = true, HelpName = "URL" };
        var targetBaseUrl = new Option<string>("--target-base-url") { Description = "The repository's target base URL (http(s): or file:).", Required = true, HelpName = "URL" };
        var trustedRoot = new Option<string?>("--trusted-root")
        {
            Description = "The root.json shipped with the app; read only while INSTALL/appdata/.tuf/APP/ holds no trusted metadata (the first update).",
            HelpName = "FILE",
        };
        var name = Name(required: true);
        var channel = new Option<string>("--channel") { Description = "stable (default), rc, beta or alpha; each also gets the more stable releases.", HelpName = "CHANNEL", DefaultValueFactory = _ => "stable" };
        var entry = new Option<string?>("--entry") { Description = "The executable inside the version, relative. Default: the newest version's, else APP.", HelpName = "RELATIVE_PATH" };
        var lockTimeout = LockTimeout();
        var json = CliOptions.Json("the result");
        var verbose = Verbose();
        var command = new Command("update", """
            Update INSTALL from a signed repository (made by 'ae-updater repo'): refresh the trusted metadata, find the
            newest version of the channel above the one the launcher starts now (a required release before it comes
            first), download its archive into appdata/updates/ verified against the signed hashes, install it as
            'app install' does, and clean up. The new version starts at the next launch.

            Exit codes: 0 updated or up to date; 1 the update failed (nothing was installed; the reason is printed);
            2 bad usage.
            """)
        {
            install, metadataUrl, targetBaseUrl, trustedRoot, name, channel, entry, lockTimeout, json, verbose,
        };
        command.SetAction((parseResult, cancellationToken) =>
        {
            Channel parsedChannel;
            try
            {
                parsedChannel = ReleaseNames.ParseChannel(parseResult.GetValue(channel)!);
            }
            catch (FormatException e)
            {
                _host.Stderr.WriteLine($"ae-updater app update: {e.Message}");
                return Task.FromResult(ExitCodes.Usage);
            }

            return RunAsync(parseResult, parseResult.GetValue(name), lockTimeout, verbose, null, install, async (installer, _, loggerFactory) =>
            {
                var asJson = parseResult.GetValue(json);
                var stages = new List<AutoUpdateProgress>();
                using var finder = new TufVersionFinder(
                    installer,
                    new TufVersionFinderOptions
                    {
                        MetadataUrl = parseResult.GetValue(metadataUrl)!,
                        TargetBaseUrl = parseResult.GetValue(targetBaseUrl)!,
                        TrustedRootPath = parseResult.GetValue(trustedRoot) is { } file ? Path.GetFullPath(file, _host.CurrentDirectory) : null,
                        Channel = parsedChannel,
                    },
                    loggerFactory.CreateLogger("AeUpdater.Delivery"));
                AutoUpdateReport report;
                try
                {
                    report = await AutoUpdate.RunAsync(installer, finder, p =>
                    {
                        stages.Add(p);
                        if (!asJson && p.Status != AutoUpdateStatus.Error)
                        {
                            _host.Stdout.WriteLine($"{Camel(p.Status.ToString()),-11} {p.Message}");
                        }
                    }, parseResult.GetValue(entry), cancellationToken).ConfigureAwait(false);
                }
                catch (OperationCanceledException)
                {
                    _host.Stderr.WriteLine("ae-updater app update: cancelled; nothing was installed.");
                    return ExitCodes.Failures;
                }

                if (asJson)
                {
                    WriteJson(w =>
                    {
                        w.WriteBoolean("updated", report.Updated);
                        w.WriteString("version", report.Version);
                        w.WriteString("newestVersion", finder.LastOffer?.NewestVersion);
                        w.WriteBoolean("stoppedAtRequired", finder.LastOffer?.StoppedAtRequired ?? false);
                        w.WriteString("folder", report.Install?.Folder);
                        w.WriteString("launcher", installer.LauncherPath);
                        w.WriteString("trustedMetadata", installer.TrustedMetadataDirectory);
                        w.WriteString("error", report.Error);
                        w.WriteStartArray("stages");
                        foreach (var stage in stages)
                        {
                            w.WriteStartObject();
                            w.WriteString("status", Camel(stage.Status.ToString()));
                            w.WriteString("version", stage.Version);
                            w.WriteString("message", stage.Message);
                            w.WriteEndObject();
                        }

                        w.WriteEndArray();
                        WriteCleanupEntries(w, "cleanup", report.Cleanup?.Entries ?? []);
                    });
                }
                else if (report.Error is not null)
                {
                    _host.Stderr.WriteLine($"ae-updater app update: {report.Error}");
                }
                else if (finder.LastOffer is { StoppedAtRequired: true } offer && report.Updated)
                {
                    _host.Stdout.WriteLine($"{offer.Version} is a required release; run 'app update' again (after it has started once) for {offer.NewestVersion}.");
                }

                return report.Error is null ? ExitCodes.Success : ExitCodes.Failures;
            });
        });
        return command;
    }

    private Command BuildVersions()
    {
        var install = InstallArgument();
        var name = Name(required: false);
        var json = CliOptions.Json("the versions");
        var command = new Command("versions", "List the versions in INSTALL, highest first: state, bad, healthy, in use, and which one the launcher starts.")
        {
            install, name, json,
        };
        command.SetAction(parseResult => Run(parseResult, parseResult.GetValue(name), null, null, null, install, (installer, app) =>
        {
            var versions = installer.GetVersions();
            if (parseResult.GetValue(json))
            {
                WriteJson(w =>
                {
                    w.WriteString("app", app);
                    w.WriteString("install", installer.InstallDirectory);
                    w.WriteStartArray("versions");
                    foreach (var v in versions)
                    {
                        w.WriteStartObject();
                        w.WriteString("version", v.Version);
                        w.WriteString("rid", v.RuntimeIdentifier);
                        w.WriteString("folder", v.Folder);
                        w.WriteString("state", Camel(v.State.ToString()));
                        w.WriteBoolean("bad", v.Bad);
                        w.WriteBoolean("healthy", v.Healthy);
                        w.WriteNumber("failedStarts", v.FailedStarts);
                        w.WriteBoolean("inUse", v.InUse);
                        w.WriteBoolean("current", v.Current);
                        w.WriteString("problem", v.Problem);
                        w.WriteEndObject();
                    }

                    w.WriteEndArray();
                });
            }
            else
            {
                foreach (var v in versions)
                {
                    var notes = new List<string> { Camel(v.State.ToString()) };
                    if (v.Current)
                    {
                        notes.Insert(0, "current");
                    }

                    if (v.Bad)
                    {
                        notes.Add($"BAD: failed to start {v.FailedStarts} times without reporting itself healthy");
                    }

                    if (v.Healthy)
                    {
                        notes.Add("healthy");
                    }

                    if (v.InUse)
                    {
                        notes.Add("in use");
                    }

                    if (v.Problem is not null)
                    {
                        notes.Add(v.Problem);
                    }

                    _host.Stdout.WriteLine($"{v.Version,-20} {string.Join(", ", notes)}");
                }

                if (versions.Count == 0)
                {
                    _host.Stdout.WriteLine($"no versions of {app} in {installer.InstallDirectory}");
                }
            }

            return ExitCodes.Success;
        }));
        return command;
    }

    private Command BuildCleanup()
    {
        var install = InstallArgument();
        var name = Name(required: false);
        var lockTimeout = LockTimeout();
        var json = CliOptions.Json("what was done");
        var verbose = Verbose();
        var command = new Command("cleanup", """
            Converge INSTALL after anything (a crash included): remove work-area leftovers, finish or undo interrupted
            installs, keep the newest startable version, the newest startable one below it and every version in use;
            remove the rest.
            """)
        {
            install, name, lockTimeout, json, verbose,
        };
        command.SetAction((parseResult, cancellationToken) => Task.FromResult(Run(parseResult, parseResult.GetValue(name), lockTimeout, verbose, null, install, (installer, _) =>
        {
            var report = installer.Cleanup(cancellationToken);
            if (parseResult.GetValue(json))
            {
                WriteJson(w =>
                {
                    WriteCleanupEntries(w, "entries", report.Entries);
                    w.WriteBoolean("launcherUpdated", report.LauncherUpdated);
                    w.WriteString("error", report.Error);
                });
            }
            else
            {
                if (report.Error is not null)
                {
                    _host.Stderr.WriteLine($"ae-updater app cleanup: {report.Error}");
                }

                foreach (var e in report.Entries)
                {
                    _host.Stdout.WriteLine($"{e.Action,-8} {e.Name}: {e.Reason}");
                }
            }

            return report.HasFailures ? ExitCodes.Failures : ExitCodes.Success;
        })));
        return command;
    }

    private Command BuildUninstall()
    {
        var install = InstallArgument();
        var name = Name(required: false);
        var version = new Option<string>("--version") { Description = "The version to remove.", HelpName = "V", Required = true };
        var lockTimeout = LockTimeout();
        var json = CliOptions.Json("the result");
        var verbose = Verbose();
        var command = new Command("uninstall", "Remove version V: marked first (it never starts again), then removed; a version in use is removed by cleanup after it exits.")
        {
            install, name, version, lockTimeout, json, verbose,
        };
        command.SetAction((parseResult, cancellationToken) => Task.FromResult(Run(parseResult, parseResult.GetValue(name), lockTimeout, verbose, null, install, (installer, _) =>
        {
            var report = installer.Uninstall(parseResult.GetValue(version)!, cancellationToken);
            if (parseResult.GetValue(json))
            {
                WriteJson(w =>
                {
                    w.WriteString("outcome", Camel(report.Outcome.ToString()));
                    w.WriteString("version", report.Version);
                    w.WriteString("error", report.Error);
                });
            }
            else if (report.Outcome is UninstallOutcome.Failed or UninstallOutcome.NotInstalled)
            {
                _host.Stderr.WriteLine($"ae-updater app uninstall: {report.Version}: {report.Error}");
            }
            else
            {
                _host.Stdout.WriteLine(report.Outcome == UninstallOutcome.Removed ? $"{report.Version} removed" : $"{report.Version} marked for removal: {report.Error}");
            }

            return report.Outcome is UninstallOutcome.Failed or UninstallOutcome.NotInstalled ? ExitCodes.Failures : ExitCodes.Success;
        })));
        return command;
    }

    private int Run(ParseResult parseResult, string? name, Option<double?>? lockTimeout, Option<bool>? verbose, string? launcher, Argument<string> installArgument, Func<AppInstaller, string, int> action) =>
        RunAsync(parseResult, name, lockTimeout, verbose, launcher, installArgument, (installer, app, _) => Task.FromResult(action(installer, app))).GetAwaiter().GetResult();

    private async Task<int> RunAsync(ParseResult parseResult, string? name, Option<double?>? lockTimeout, Option<bool>? verbose, string? launcher, Argument<string> installArgument, Func<AppInstaller, string, ILoggerFactory, Task<int>> action)
    {
        var installDirectory = Path.GetFullPath(parseResult.GetValue(installArgument)!, _host.CurrentDirectory);
        string? inferError = null;
        name ??= InferName(installDirectory, out inferError);
        if (name is null)
        {
            _host.Stderr.WriteLine($"ae-updater app: {inferError}");
            return ExitCodes.Usage;
        }

        var configuration = CliConfiguration.Build(_host);
        using var serilog = CliLogging.Create(configuration, _host, verbose is not null && parseResult.GetValue(verbose));
        using var loggerFactory = new SerilogLoggerFactory(serilog);
        var carried = Path.Join(_host.ToolDirectory, "launcher");
        var options = new InstallOptions
        {
            InstallDirectory = installDirectory,
            AppName = name,
            LauncherDirectory = launcher is not null ? Path.GetFullPath(launcher, _host.CurrentDirectory) : Directory.Exists(carried) ? carried : null,
            Logger = loggerFactory.CreateLogger("AeUpdater.Installs"),
        };
        if (lockTimeout is not null && parseResult.GetValue(lockTimeout) is { } seconds)
        {
            options.LockTimeout = TimeSpan.FromSeconds(seconds);
        }

        AppInstaller installer;
        try
        {
            installer = new AppInstaller(options);
        }
        catch (ArgumentException e)
        {
            _host.Stderr.WriteLine($"ae-updater app: {e.Message}");
            return ExitCodes.Usage;
        }

        return await action(installer, name, loggerFactory).ConfigureAwait(false);
    }

    /// <summary>The app installed in INSTALL: the name in the manifests of its version folders, when there is exactly one.</summary>
    private static string? InferName(string install, out string? error)
    {
        var names = new SortedSet<string>(StringComparer.Ordinal);
        var appData = Path.Join(install, "appdata");
        if (Directory.Exists(appData))
        {
            foreach (var manifest in Directory.EnumerateFiles(appData, "manifest", new EnumerationOptions { RecurseSubdirectories = true, MaxRecursionDepth = 2, AttributesToSkip = 0 }))
            {
                var line = File.ReadLines(manifest).Skip(1).FirstOrDefault(l => l.StartsWith("name ", StringComparison.Ordinal));
                if (line is not null && Path.GetFileName(Path.GetDirectoryName(manifest)) == ".aeupdater-version")
                {
                    names.Add(line[5..]);
                }
            }
        }

        error = names.Count switch
        {
            0 => $"no installed app found in '{install}'; give --name APP",
            > 1 => $"'{install}' holds several apps ({string.Join(", ", names)}); give --name APP",
            _ => null,
        };
        return names.Count == 1 ? names.Min : null;
    }

    private void WriteJson(Action<Utf8JsonWriter> body)
    {
        using var stream = new MemoryStream();
        using (var json = new Utf8JsonWriter(stream, JsonReportWriter.WriterOptions))
        {
            json.WriteStartObject();
            body(json);
            json.WriteEndObject();
        }

        _host.Stdout.WriteLine(Encoding.UTF8.GetString(stream.GetBuffer(), 0, (int)stream.Length));
    }

    /// <summary>A cleanup's entries as a JSON array (the <c>cleanup</c> command's <c>entries</c>, <c>update</c>'s <c>cleanup</c>).</summary>
    private static void WriteCleanupEntries(Utf8JsonWriter w, string property, IEnumerable<CleanupEntry> entries)
    {
        w.WriteStartArray(property);
        foreach (var e in entries)
        {
            w.WriteStartObject();
            w.WriteString("name", e.Name);
            w.WriteString("action", e.Action);
            w.WriteString("reason", e.Reason);
            w.WriteEndObject();
        }

        w.WriteEndArray();
    }

    private static string Camel(string name) => char.ToLowerInvariant(name[0]) + name[1..];
}
