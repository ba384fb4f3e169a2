using System.Text;
using System.Text.Json;

namespace AeUpdater.Cli.Output;

/// <summary>
/// The one JSON object a command given <c>--json</c> prints when it fails before it has a report:
/// <c>{"command": "check-all", "exitCode": 2, "errors": ["..."]}</c> (docs/cli.md).
/// </summary>
internal static class JsonErrorWriter
{
    public static void Write(TextWriter output, string command, int exitCode, IReadOnlyList<string> errors)
    {
        using var stream = new MemoryStream();
        using (var json = new Utf8JsonWriter(stream, JsonReportWriter.WriterOptions))
        {
            json.WriteStartObject();
            json.WriteString("command", command);
            json.WriteNumber("exitCode", exitCode);
            json.WriteStartArray("errors");
            foreach (var error in errors)
            {
                json.WriteStringValue(error);
            }

            json.WriteEndArray();
            json.WriteEndObject();
        }

        output.WriteLine(Encoding.UTF8.GetString(stream.GetBuffer(), 0, (int)stream.Length));
        output.Flush();
    }
}
