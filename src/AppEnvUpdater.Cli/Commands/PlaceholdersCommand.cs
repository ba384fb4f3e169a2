using System.CommandLine;
using System.Text;
using System.Text.Json;
using AeUpdater.Cli.Hosting;
using AeUpdater.Cli.Output;
using AeUpdater.Placeholders;
using Spectre.Console;

namespace AeUpdater.Cli.Commands;

/// <summary><c>ae-updater placeholders</c>: lists every placeholder id and the path it resolves to here.</summary>
internal sealed class PlaceholdersCommand
{
    private const string Description = """
        List the placeholders ({usr}, {app}, {doc}, ...) and what they resolve to on this machine, with the
        overrides from appsettings.json (AeUpdater:Placeholders), AEUPDATER__PLACEHOLDERS__<id> variables and
        --placeholder options.

        Examples:
          ae-updater placeholders
          ae-updater placeholders --app-name MyApp --json
        """;

    private readonly CliHost _host;
    private readonly Option<bool> _json = CliOptions.Json("the placeholders");
    private readonly Option<string?> _appName = CliOptions.AppName();
    private readonly Option<string[]> _placeholders = CliOptions.Placeholder();

    public PlaceholdersCommand(CliHost host)
    {
        _host = host;
    }

    public Command Build()
    {
        var command = new Command("placeholders", Description) { _json, _appName, _placeholders };
        command.SetAction(Execute);
        return command;
    }

    private int Execute(ParseResult parseResult)
    {
        var json = parseResult.GetValue(_json);
        var output = new CommandOutput(_host, "placeholders", json);
        if (!CliSetup.TryLoadConfiguration(_host, out var configuration, out var configurationError))
        {
            return output.Fail(ExitCodes.Usage, configurationError!);
        }

        PlaceholderMap map;
        try
        {
            var options = UpdaterOptions.FromConfiguration(configuration);
            options.AppName = parseResult.GetValue(_appName) ?? options.AppName;
            options.Placeholders ??= new Dictionary<string, string>(StringComparer.Ordinal);
            CliOptions.Apply(parseResult.GetValue(_placeholders), options.Placeholders);
            options.Validate();
            map = PlaceholderMap.Create(_host.CreatePlaceholderEnvironment(platform: null), options.AppName, options.Placeholders);
        }
        catch (UpdaterOptionsException ex)
        {
            return output.Fail(ExitCodes.Usage, ex.Errors.Count > 0 ? ex.Errors : [ex.Message]);
        }
        catch (PlaceholderException ex)
        {
            return output.Fail(ExitCodes.Usage, ex.Message);
        }
        catch (Exception ex) when (CliSetup.IsConfigurationError(ex))
        {
            return output.Fail(ExitCodes.Usage, "invalid configuration: " + ErrorText.Of(ex));
        }

        if (json)
        {
            return output.Write(ExitCodes.Success, _ => WriteJson(map));
        }

        return output.Write(ExitCodes.Success, _ =>
        {
            var console = ConsoleFactory.Create(_host);
            var table = new Table().Border(TableBorder.Rounded).AddColumn("Id").AddColumn("Value");
            foreach (var (id, value) in map.Entries)
            {
                table.AddRow(new Text("{" + id + "}"), new Text(ReportText.Escape(value)));
            }

            console.MarkupLine($"Placeholders on [bold]{Markup.Escape(map.Platform)}[/]:");
            console.Write(table);
        });
    }

    private void WriteJson(PlaceholderMap map)
    {
        using var stream = new MemoryStream();
        using (var json = new Utf8JsonWriter(stream, JsonReportWriter.WriterOptions))
        {
            json.WriteStartObject();
            json.WriteString("platform", map.Platform);
            json.WriteString("appName", map.AppName);
            json.WriteStartObject("placeholders");
            foreach (var (id, value) in map.Entries)
            {
                json.WriteString(id, value);
            }

            json.WriteEndObject();
            json.WriteEndObject();
        }

        _host.Stdout.WriteLine(Encoding.UTF8.GetString(stream.GetBuffer(), 0, (int)stream.Length));
    }
}
