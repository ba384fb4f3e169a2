using System.Text.Json;
using System.Text.Json.Nodes;
using AeUpdater.Placeholders;
using Microsoft.Extensions.Logging;

namespace AeUpdater.SampleApp.DemoMigration;

/// <summary>
/// Migrates the user's settings from version 1 to version 2: the key <c>fontSize</c> is renamed to <c>textSize</c>.
/// Returns <see langword="true"/> when done (or when there is nothing to migrate), so AeUpdater deletes the plugin.
/// Each run appends one line to <c>{app}/migrations.log</c>, so that anyone can see it ran once.
/// </summary>
public static class SettingsMigration
{
    public const string OldKey = "fontSize";
    public const string NewKey = "textSize";

    private static readonly Action<ILogger, string, Exception?> Migrated = LoggerMessage.Define<string>(
        LogLevel.Information, new EventId(1, "Migrated"), "Migration: renamed fontSize to textSize in {Settings}");

    private static readonly Action<ILogger, string, Exception?> NothingToMigrate = LoggerMessage.Define<string>(
        LogLevel.Information, new EventId(2, "NothingToMigrate"), "Migration: no {Settings} yet, nothing to migrate");

    public static bool RunUpdater(PluginContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var settings = Path.Join(context.Placeholders[PlaceholderIds.App], "settings.json");
        var log = Path.Join(context.Placeholders[PlaceholderIds.App], "migrations.log");
        if (!File.Exists(settings))
        {
            NothingToMigrate(context.Logger, settings, null);
            File.AppendAllText(log, "settings v1 -> v2: no settings.json, nothing to migrate\n");
            return true;
        }

        var json = JsonNode.Parse(File.ReadAllText(settings))?.AsObject() ?? [];
        if (json[OldKey] is { } value)
        {
            json.Remove(OldKey);
            json[NewKey] ??= value;
            var temporary = settings + ".migrating";
            File.WriteAllText(temporary, json.ToJsonString(new JsonSerializerOptions { WriteIndented = true }));
            File.Move(temporary, settings, overwrite: true);
            Migrated(context.Logger, settings, null);
            File.AppendAllText(log, $"settings v1 -> v2: renamed {OldKey} to {NewKey}\n");
        }
        else
        {
            File.AppendAllText(log, $"settings v1 -> v2: no {OldKey} key, nothing to migrate\n");
        }

        return true;
    }
}
