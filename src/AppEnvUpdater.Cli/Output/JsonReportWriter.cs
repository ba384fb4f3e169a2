using System.Text.Encodings.Web;
using System.Text.Json;

namespace AeUpdater.Cli.Output;

/// <summary>Writes an <see cref="UpdateReport"/> as the one JSON object of <c>check-all --json</c> (docs/cli.md has the schema).</summary>
internal static class JsonReportWriter
{
    /// <summary>The operations are handed to the output whenever this much JSON is pending.</summary>
    private const int FlushBytes = 64 * 1024;

    public static JsonWriterOptions WriterOptions { get; } = new()
    {
        Indented = true,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    public static void Write(TextWriter output, UpdateReport report)
    {
        // Written out in pieces as it is made (a report of 20,000 files is about 8 MB of JSON): no copy of the whole
        // report as one byte array and one string.
        using var stream = new TextWriterStream(output);
        using (var json = new Utf8JsonWriter(stream, WriterOptions))
        {
            Write(json, report);
        }

        output.WriteLine();
        output.Flush();
    }

    public static void Write(Utf8JsonWriter json, UpdateReport report)
    {
        json.WriteStartObject();
        json.WriteString("root", report.Root);
        json.WriteBoolean("dryRun", report.DryRun);
        json.WriteString("platform", report.Platform);
        json.WriteBoolean("hasFailures", report.HasFailures);
        WriteNullableString(json, "notRunReason", report.NotRunReason);
        WriteNullableString(json, "stateDirectory", report.StateDirectory);
        WriteRecovery(json, report.Recovery);

        json.WriteStartArray("processed");
        foreach (var path in report.Processed)
        {
            json.WriteStringValue(path);
        }

        json.WriteEndArray();

        json.WriteStartArray("operations");
        foreach (var operation in report.Operations)
        {
            json.WriteStartObject();
            json.WriteString("kind", ReportNames.Kind(operation));
            json.WriteBoolean("overwrite", operation.Overwrite);
            json.WriteString("folder", operation.Folder);
            json.WriteString("source", operation.Source);
            json.WriteString("destination", operation.Destination);
            json.WriteString("outcome", ReportNames.Outcome(operation.Outcome));
            WriteNullableString(json, "error", operation.Error);
            json.WriteEndObject();
            if (json.BytesPending > FlushBytes)
            {
                json.Flush();
            }
        }

        json.WriteEndArray();

        WriteFolders(json, "rejected", report.Rejected);
        WriteFolders(json, "ignored", report.Ignored);
        WriteFolders(json, "skipped", report.Skipped);

        json.WriteStartArray("plugins");
        foreach (var plugin in report.Plugins)
        {
            json.WriteStartObject();
            json.WriteString("name", plugin.Name);
            json.WriteString("path", plugin.Path);
            json.WriteBoolean("ran", plugin.Ran);
            if (plugin.Result is { } result)
            {
                json.WriteBoolean("result", result);
            }
            else
            {
                json.WriteNull("result");
            }

            json.WriteBoolean("deleted", plugin.Deleted);
            json.WriteBoolean("quarantined", plugin.Quarantined);
            WriteNullableString(json, "error", plugin.Error);
            json.WriteEndObject();
        }

        json.WriteEndArray();
        json.WriteEndObject();
    }

    private static void WriteRecovery(Utf8JsonWriter json, RecoveryReport? recovery)
    {
        if (recovery is null)
        {
            json.WriteNull("recovery");
            return;
        }

        json.WriteStartObject("recovery");
        json.WriteString("runId", recovery.RunId);
        if (recovery.Started is { } started)
        {
            json.WriteString("started", started);
        }
        else
        {
            json.WriteNull("started");
        }

        json.WriteNumber("operationsIntended", recovery.OperationsIntended);
        json.WriteNumber("operationsRecorded", recovery.OperationsRecorded);
        WriteStrings(json, "temporaryFilesRemoved", recovery.TemporaryFilesRemoved);
        WriteStrings(json, "movesCompleted", recovery.MovesCompleted);
        WriteStrings(json, "pluginsInterrupted", recovery.PluginsInterrupted);
        json.WriteStartArray("skipped");
        foreach (var skip in recovery.Skipped)
        {
            json.WriteStartObject();
            json.WriteString("path", skip.Path);
            json.WriteString("reason", skip.Reason);
            json.WriteEndObject();
        }

        json.WriteEndArray();
        json.WriteEndObject();
    }

    private static void WriteStrings(Utf8JsonWriter json, string name, IReadOnlyList<string> values)
    {
        json.WriteStartArray(name);
        foreach (var value in values)
        {
            json.WriteStringValue(value);
        }

        json.WriteEndArray();
    }

    private static void WriteFolders(Utf8JsonWriter json, string name, IReadOnlyList<FolderReport> folders)
    {
        json.WriteStartArray(name);
        foreach (var folder in folders)
        {
            json.WriteStartObject();
            json.WriteString("folder", folder.Folder);
            json.WriteString("reason", folder.Reason);
            json.WriteEndObject();
        }

        json.WriteEndArray();
    }

    private static void WriteNullableString(Utf8JsonWriter json, string name, string? value)
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
}
