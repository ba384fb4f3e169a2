using System.Text;
using AeUpdater.Cli.Hosting;
using Microsoft.Extensions.Configuration;

namespace AeUpdater.Cli.Tests;

/// <summary>
/// <see cref="JsonSettingsFile"/> (the CLI's own reading of <c>appsettings.json</c>) gives exactly the keys and values the
/// JSON configuration provider gives, whenever it reads a file; it reads the usual files itself; and what it leaves to the
/// provider still gives the provider's result or error. Real files, compared against the real provider.
/// </summary>
public sealed class JsonSettingsFileTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("aeupd-json-").FullName;

    public static TheoryData<string> Usual => new()
    {
        "{}",
        """{ "AeUpdater": { "DefaultDestination": "{usr}" }, "Serilog": { "MinimumLevel": { "Default": "Information" } } }""",
        """
        {
          // the shipped file's comments and a trailing comma
          "AeUpdater": { "Root": "/srv/app", "DryRun": true, "TrustAnyPlugin": false, "MaxPluginFailures": 3, "LockTimeout": "00:00:30", },
          /* a block comment */
          "Serilog": { "WriteTo": [ { "Name": "File", "Args": { "path": "logs/x-.log" } }, "Console" ] }
        }
        """,
        """{ "a": null, "b": {}, "c": [], "d": [ [], {}, null, 1.50, -0, 1e3, "x" ], "e": { "f": { "g": "\u00fc\t\"\\" } } }""",
        """{ "AeUpdater": { "Placeholders": { "usr": "/u", "custom": "/v" } } }""",
        """{ "Key With Spaces": "x", "naïve": "ü", "emoji": "\ud83d\ude00", "colon:in:key": "y" }""",
        "\uFEFF{ \"bom\": \"utf-8\" }",
        """{ "big": 123456789012345678901234567890, "small": 0.000000000000000000001 }""",
    };

    public static TheoryData<string> Other => new()
    {
        "", "[]", "\"text\"", "42", "{", "{ \"a\": 1 } trailing", "{ \"a\": 1, \"a\": 2 }", "{ \"a\": { \"b\": 1 }, \"A:B\": 2 }",
        "{ 'single': 1 }", "{ \"AeUpdater\": { \"Placeholders\": { \"usr\": \"/u\", \"USR\": \"/v\" } } }", "{ \"a\": tru }", "{ \"a\": \"\\x\" }",
    };

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Theory]
    [MemberData(nameof(Usual))]
    public void UsualFiles_AreReadWithoutTheProvider_AsTheProviderReadsThem(string json)
    {
        var path = Write(json);

        Assert.True(JsonSettingsFile.TryRead(path, out var values), "a usual file was left to the provider");
        Assert.NotNull(values);
        Assert.Equal(ByProvider(path), Sorted(new ConfigurationBuilder().AddInMemoryCollection(values).Build().AsEnumerable()));
    }

    [Theory]
    [MemberData(nameof(Other))]
    public void OtherFiles_AreLeftToTheProvider(string json)
    {
        var path = Write(json);

        Assert.False(JsonSettingsFile.TryRead(path, out var values));
        Assert.Null(values);
    }

    [Fact]
    public void NonUtf8Files_AreLeftToTheProvider()
    {
        var utf16 = Path.Join(_folder, "utf16.json");
        File.WriteAllText(utf16, "{ \"a\": \"ü\" }", Encoding.Unicode);
        var invalid = Path.Join(_folder, "invalid.json");
        File.WriteAllBytes(invalid, [.. "{ \"a\": \""u8, 0xFF, .. "\" }"u8]);

        Assert.False(JsonSettingsFile.TryRead(utf16, out _));
        Assert.False(JsonSettingsFile.TryRead(invalid, out _));
        Assert.Equal([new("a", "ü")], ByProvider(utf16));
    }

    [Fact]
    public void AMissingFileOrAFolder_AddsNothing_AsAnOptionalFileDoes()
    {
        Directory.CreateDirectory(Path.Join(_folder, "folder.json"));

        foreach (var path in new[] { Path.Join(_folder, "missing.json"), Path.Join(_folder, "folder.json"), Path.Join(_folder, "no", "such.json") })
        {
            Assert.True(JsonSettingsFile.TryRead(path, out var values), path);
            Assert.Null(values);
            Assert.Empty(ByProvider(path));
        }
    }

    [Fact]
    public void AHiddenFile_IsLeftToTheProvider_WhichIgnoresIt()
    {
        var path = Path.Join(_folder, ".appsettings.json");
        File.WriteAllText(path, "{ \"a\": 1 }");

        Assert.False(JsonSettingsFile.TryRead(path, out _));
        Assert.Empty(ByProvider(path));
    }

    [Theory]
    [MemberData(nameof(Usual))]
    [MemberData(nameof(Other))]
    public void CliConfiguration_IsWhatTheProviderGives_OrFailsAsItFails(string json)
    {
        Write(json, "appsettings.json");
        var host = CliHost.Create(TextWriter.Null, TextWriter.Null, new Dictionary<string, string?>(), _folder);

        var expectedError = Record.Exception(() => ByProvider(Path.Join(_folder, "appsettings.json")));
        var actualError = Record.Exception(() => CliConfiguration.Build(host));

        Assert.Equal(expectedError?.GetType(), actualError?.GetType());
        Assert.Equal(expectedError?.Message, actualError?.Message);
        if (expectedError is null)
        {
            // The tool's own appsettings.json comes first; the current directory's keys are on top of it.
            var expected = new ConfigurationBuilder()
                .AddJsonFile(Path.Join(AppContext.BaseDirectory, "appsettings.json"), optional: true)
                .AddJsonFile(Path.Join(_folder, "appsettings.json"), optional: true)
                .Build();
            Assert.Equal(Sorted(expected.AsEnumerable()), Sorted(CliConfiguration.Build(host).AsEnumerable()));
        }
    }

    private string Write(string json, string name = "settings.json")
    {
        var path = Path.Join(_folder, name);
        File.WriteAllText(path, json, new UTF8Encoding(encoderShouldEmitUTF8Identifier: false));
        return path;
    }

    private static List<KeyValuePair<string, string?>> ByProvider(string path) =>
        Sorted(new ConfigurationBuilder().AddJsonFile(path, optional: true).Build().AsEnumerable());

    private static List<KeyValuePair<string, string?>> Sorted(IEnumerable<KeyValuePair<string, string?>> values) =>
        [.. values.OrderBy(v => v.Key, StringComparer.Ordinal)];
}
