using System.CommandLine;
using AeUpdater.Cli.Hosting;
using AeUpdater.Journaling;

namespace AeUpdater.Cli.Commands;

/// <summary><c>ae-updater forget-plugin NAME</c>: forgets a plugin's failures (lifting a quarantine) or its success record.</summary>
internal sealed class ForgetPluginCommand
{
    private const string Description = """
        Forget what the plugin ledger remembers about a plugin, for every version (content hash) of it, under
        the state lock: --failures forgets its consecutive failures (lifts a quarantine: it runs at the next
        start), --success forgets that it returned true (a one-shot plugin with those bytes runs again instead
        of being deleted unrun). Without either, both. The ledger is rewritten atomically.

        Exit codes: 0 done (also when nothing was recorded); 1 the state directory cannot be used or another
        process held the lock past --lock-timeout; 2 bad usage or invalid options.

        Examples:
          ae-updater forget-plugin ae_updater --failures --root ./dist --app-name MyApp
          ae-updater forget-plugin ae_pre_app_run --state-dir ~/.config/MyApp/.aeupdater --json
        """;

    private readonly CliHost _host;
    private readonly StateCommandOptions _options = new("the result");

    private readonly Argument<string> _plugin = new("PLUGIN")
    {
        Description = "The plugin's name: ae_updater (one-shot) or ae_pre_app_run (every start).",
    };

    private readonly Option<bool> _failures = new("--failures")
    {
        Description = "Forget the consecutive failures (lifts a quarantine).",
    };

    private readonly Option<bool> _success = new("--success")
    {
        Description = "Forget the success record (a one-shot plugin with the same bytes runs again).",
    };

    private readonly Option<double?> _lockTimeout = new("--lock-timeout")
    {
        Description = "Seconds to wait for a run holding the state lock. Default: 30.",
        HelpName = "SECONDS",
    };

    public ForgetPluginCommand(CliHost host)
    {
        _host = host;
        _plugin.Validators.Add(result =>
        {
            var value = result.Tokens.Count > 0 ? result.Tokens[0].Value : "";
            if (value is not ("ae_updater" or "ae_pre_app_run"))
            {
                result.AddError($"'{value}' is not a plugin name; use ae_updater or ae_pre_app_run.");
            }
        });
    }

    public Command Build()
    {
        var command = new Command("forget-plugin", Description) { _plugin, _failures, _success, _lockTimeout };
        _options.AddTo(command);
        command.SetAction(Execute);
        return command;
    }

    private int Execute(ParseResult parseResult)
    {
        var plugin = parseResult.GetValue(_plugin)!;
        var failures = parseResult.GetValue(_failures);
        var success = parseResult.GetValue(_success);
        if (!failures && !success)
        {
            failures = success = true;
        }

        RunContext context;
        try
        {
            context = _options.CreateContext(parseResult, _host, options =>
            {
                if (parseResult.GetValue(_lockTimeout) is { } seconds)
                {
                    options.LockTimeout = double.IsFinite(seconds) && seconds >= 0 && seconds <= TimeSpan.MaxValue.TotalSeconds
                        ? TimeSpan.FromSeconds(seconds)
                        : throw new InvalidOperationException($"--lock-timeout: {seconds} is not a number of seconds (0 or more).");
                }
            });
        }
        catch (Exception ex) when (ex is UpdaterOptionsException or InvalidOperationException)
        {
            return StateCommandOptions.UsageError(_host, "forget-plugin", ex);
        }

        var (changed, error) = StateInspector.Forget(context, plugin, failures, success);
        var what = failures && success ? "failures and success record" : failures ? "failures" : "success record";
        if (parseResult.GetValue(_options.Json))
        {
            using var stream = new MemoryStream();
            using (var json = new System.Text.Json.Utf8JsonWriter(stream, Output.JsonReportWriter.WriterOptions))
            {
                json.WriteStartObject();
                json.WriteString("stateDirectory", context.StateDirectory);
                json.WriteString("plugin", plugin);
                json.WriteBoolean("failures", failures);
                json.WriteBoolean("success", success);
                json.WriteNumber("entriesChanged", changed);
                if (error is null)
                {
                    json.WriteNull("error");
                }
                else
                {
                    json.WriteString("error", error);
                }

                json.WriteEndObject();
            }

            _host.Stdout.WriteLine(System.Text.Encoding.UTF8.GetString(stream.GetBuffer(), 0, (int)stream.Length));
        }
        else if (error is not null)
        {
            _host.Stderr.WriteLine($"ae-updater forget-plugin: {error}");
        }
        else
        {
            _host.Stdout.WriteLine(changed == 0
                ? $"Nothing to forget: the ledger in {context.StateDirectory} records no {what} of {plugin}."
                : $"Forgot the {what} of {plugin} ({changed} version(s)) in {context.StateDirectory}.");
        }

        return error is null ? ExitCodes.Success : ExitCodes.Failures;
    }
}
