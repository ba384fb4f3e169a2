using System.CommandLine;
using System.Globalization;
using System.Text;
using System.Text.Json;
using AeUpdater.Cli.Hosting;
using AeUpdater.Cli.Output;
using AeUpdater.Journaling;

namespace AeUpdater.Cli.Commands;

/// <summary><c>ae-updater status</c>: what the state directory holds (last run, an unfinished run, the plugin ledger).</summary>
internal sealed class StatusCommand
{
    private const string Description = """
        Show what the state directory holds, changing nothing: the last run with file operations (id, start,
        end, counts; 'unfinished' when it was interrupted and the next start will recover it) and the plugin
        ledger per plugin (last result, consecutive failures, success recorded, quarantined).

        Exit codes: 0 shown (also when there is no state directory yet); 1 the state directory cannot be used
        or its plugin ledger cannot be read; 2 bad usage or invalid options.

        Examples:
          ae-updater status --root ./dist --app-name MyApp
          ae-updater status --state-dir ~/.config/MyApp/.aeupdater --json
        """;

    private readonly CliHost _host;
    private readonly StateCommandOptions _options = new("the state");

    public StatusCommand(CliHost host)
    {
        _host = host;
    }

    public Command Build()
    {
        var command = new Command("status", Description);
        _options.AddTo(command);
        command.SetAction(Execute);
        return command;
    }

    private int Execute(ParseResult parseResult)
    {
        StateStatus status;
        try
        {
            status = StateInspector.Read(_options.CreateContext(parseResult, _host));
        }
        catch (Exception ex) when (ex is UpdaterOptionsException or InvalidOperationException)
        {
            return StateCommandOptions.UsageError(_host, "status", ex);
        }

        if (parseResult.GetValue(_options.Json))
        {
            WriteJson(status);
        }
        else
        {
            WriteText(status);
        }

        return status.Error is null ? ExitCodes.Success : ExitCodes.Failures;
    }

    /// <summary>The last result a ledger entry stands for.</summary>
    internal static string LastResult(PluginLedgerEntry entry) =>
        entry.Interrupted ? "interrupted"
        : entry.ConsecutiveFailures > 0 ? "failed"
        : entry.Succeeded ? "succeeded"
        : "returned false";

    private void WriteText(StateStatus status)
    {
        var output = _host.Stdout;
        output.WriteLine($"State directory: {status.StateDirectory}{(status.Exists ? "" : " (does not exist: nothing recorded yet)")}");
        if (status.Error is not null)
        {
            output.WriteLine($"Cannot be read: {status.Error}");
        }

        var run = status.LastRun;
        if (run is null)
        {
            output.WriteLine("Last run: none recorded");
        }
        else
        {
            output.WriteLine($"Last run: {run.Id} in {run.Root}");
            output.WriteLine($"  started {Time(run.Started)}, {(run.Ended ? $"ended {Time(run.EndedAt)}" : "UNFINISHED (interrupted; the next start recovers it)")}");
            output.WriteLine($"  {run.Intents.Count} operation(s) intended, {run.DoneCount} recorded as done" +
                (run.Ended ? $", {Count(run.Processed)} file(s) written, {Count(run.Failed)} failed" : ""));
        }

        if (status.Plugins.Count == 0)
        {
            output.WriteLine("Plugin ledger: empty");
        }
        else
        {
            output.WriteLine("Plugin ledger:");
            foreach (var entry in status.Plugins)
            {
                output.WriteLine($"  {entry.Name} {entry.Hash[..Math.Min(12, entry.Hash.Length)]}: last {LastResult(entry)}, " +
                    $"{entry.ConsecutiveFailures} consecutive failure(s), success {(entry.Succeeded ? "recorded" : "not recorded")}" +
                    (status.IsQuarantined(entry) ? ", QUARANTINED (lift: ae-updater forget-plugin " + entry.Name + " --failures)" : "") +
                    (entry.LastError is null ? "" : $"; last error: {entry.LastError}"));
            }
        }

        foreach (var problem in status.Problems)
        {
            output.WriteLine($"Skipped: {problem}");
        }
    }

    private void WriteJson(StateStatus status)
    {
        using var stream = new MemoryStream();
        using (var json = new Utf8JsonWriter(stream, JsonReportWriter.WriterOptions))
        {
            json.WriteStartObject();
            json.WriteString("stateDirectory", status.StateDirectory);
            json.WriteBoolean("exists", status.Exists);
            Nullable(json, "error", status.Error);
            if (status.LastRun is { } run)
            {
                json.WriteStartObject("lastRun");
                json.WriteString("id", run.Id);
                json.WriteString("root", run.Root);
                Nullable(json, "started", run.Started?.ToString("O", CultureInfo.InvariantCulture));
                Nullable(json, "ended", run.EndedAt?.ToString("O", CultureInfo.InvariantCulture));
                json.WriteBoolean("unfinished", !run.Ended);
                json.WriteNumber("operationsIntended", run.Intents.Count);
                json.WriteNumber("operationsRecorded", run.DoneCount);
                NullableNumber(json, "processed", run.Processed);
                NullableNumber(json, "failed", run.Failed);
                json.WriteEndObject();
            }
            else
            {
                json.WriteNull("lastRun");
            }

            json.WriteStartArray("plugins");
            foreach (var entry in status.Plugins)
            {
                json.WriteStartObject();
                json.WriteString("name", entry.Name);
                json.WriteString("hash", entry.Hash);
                json.WriteString("lastResult", LastResult(entry));
                json.WriteNumber("consecutiveFailures", entry.ConsecutiveFailures);
                json.WriteBoolean("successRecorded", entry.Succeeded);
                json.WriteBoolean("interrupted", entry.Interrupted);
                json.WriteBoolean("quarantined", status.IsQuarantined(entry));
                Nullable(json, "lastError", entry.LastError);
                json.WriteEndObject();
            }

            json.WriteEndArray();
            json.WriteNumber("maxPluginFailures", status.MaxPluginFailures);
            json.WriteStartArray("problems");
            foreach (var problem in status.Problems)
            {
                json.WriteStringValue(problem);
            }

            json.WriteEndArray();
            json.WriteEndObject();
        }

        _host.Stdout.WriteLine(Encoding.UTF8.GetString(stream.GetBuffer(), 0, (int)stream.Length));
        _host.Stdout.Flush();
    }

    private static string Time(DateTimeOffset? time) => time?.ToString("u", CultureInfo.InvariantCulture) ?? "(unknown)";

    private static string Count(int? count) => count?.ToString(CultureInfo.InvariantCulture) ?? "?";

    private static void Nullable(Utf8JsonWriter json, string name, string? value)
    {
        if (value is null)
        {
            json.WriteNull(name);
        }
        else
        {
            json.WriteString(name, value);
        }
    }

    private static void NullableNumber(Utf8JsonWriter json, string name, int? value)
    {
        if (value is null)
        {
            json.WriteNull(name);
        }
        else
        {
            json.WriteNumber(name, value.Value);
        }
    }
}
