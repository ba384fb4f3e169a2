using System.Text;
using System.Text.Json;
using AeUpdater.Cli.Output;

namespace AeUpdater.Cli.Tests;

/// <summary>The JSON report is written out in pieces as it is made; the text must be the one JSON object it always was.</summary>
public sealed class JsonReportWriterTests
{
    [Fact]
    public void Write_LargeReportWithNonAsciiPaths_SameTextAsOneBuffer()
    {
        // 5,000 operations (about 2 MB, many 64 KiB pieces) with 2-, 3- and 4-byte UTF-8 characters, so that pieces end
        // inside characters too.
        var operations = Enumerable.Range(0, 5000).Select(i => new FileOperationReport
        {
            Kind = DropInKind.Moves,
            Folder = "/r/ae_updater_moves",
            Source = $"/r/ae_updater_moves/é{i}/﹛app﹜/😀{i}.txt",
            Destination = $"/u/é{i}/﹛app﹜/😀{i}.txt",
            Outcome = i % 7 == 0 ? OperationOutcome.Failed : OperationOutcome.Moved,
            Error = i % 7 == 0 ? "a \"quoted\" reason\nwith a new line" : null,
        }).ToList();
        var report = new UpdateReport
        {
            Root = "/r",
            Platform = "linux",
            Operations = operations,
            Processed = [.. operations.Where(o => o.Outcome == OperationOutcome.Moved).Select(o => o.Destination)],
        };

        using var output = new StringWriter();
        JsonReportWriter.Write(output, report);

        using var stream = new MemoryStream();
        using (var json = new Utf8JsonWriter(stream, JsonReportWriter.WriterOptions))
        {
            JsonReportWriter.Write(json, report);
        }

        var expected = Encoding.UTF8.GetString(stream.ToArray()) + Environment.NewLine;
        Assert.True(stream.Length > 1 << 20, $"the report is only {stream.Length} bytes");
        Assert.Equal(expected, output.ToString());
        using var document = JsonDocument.Parse(output.ToString());
        Assert.Equal(5000, document.RootElement.GetProperty("operations").GetArrayLength());
        Assert.Equal("/u/é4999/﹛app﹜/😀4999.txt", document.RootElement.GetProperty("operations")[4999].GetProperty("destination").GetString());
    }
}
