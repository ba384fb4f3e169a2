using System.Text;
using AeUpdater.Cli.Hosting;

namespace AeUpdater.Cli.Tests;

/// <summary>
/// <see cref="PlainJsonSettings"/> (the CLI's reading of plain settings files without System.Text.Json) gives exactly what
/// <see cref="JsonSettingsFile"/>'s <c>JsonDocument</c> path gives whenever it accepts a file, accepts the usual files (the
/// tool's own among them), and declines the rest.
/// </summary>
public sealed class PlainJsonSettingsTests
{
    public static TheoryData<string> Plain => new()
    {
        "{}",
        " \t\r\n{ }\n",
        """{ "AeUpdater": { "DefaultDestination": "{usr}" }, "Serilog": { "MinimumLevel": { "Default": "Information" } } }""",
        """
        {
          // the shipped file's comments and a trailing comma
          "AeUpdater": { "Root": "/srv/app", "DryRun": true, "TrustAnyPlugin": false, "MaxPluginFailures": 3, "LockTimeout": "00:00:30", },
          /* a block comment */
          "Serilog": { "WriteTo": [ { "Name": "File", "Args": { "path": "logs/x-.log" } }, "Console", ] }
        }
        """,
        """{ "a": null, "b": {}, "c": [], "d": [ [], {}, null, 1.50, -0, 1e3, 2E-7, -0.5e+10, "x" ], "e": { "f": { "g": "" } } }""",
        """{ "": "empty name", "Key With Spaces": "x", "colon:in:key": "y", "a": { "": 1 } }""",
        """{ "big": 123456789012345678901234567890, "small": 0.000000000000000000001 }""",
        "{/**/\"a\" \n:/**/1/**/,/**/}// end",
        "{\"a\":1,\"A\":{}}",
        "{\"x\":[1,2,[3,[4,[]]]],\"y\":{\"z\":{\"w\":{}}}}",
        "{\"a\":\"/* not a comment */\",\"b\":\"// nor this\"}",
    };

    public static TheoryData<string> NotPlain => new()
    {
        "", "   ", "// only a comment", "[]", "\"text\"", "42", "{", "}", "{ \"a\": 1 } trailing", "{ \"a\": 1 } {}",
        "{ \"a\": 1, \"a\": 2 }", "{ \"a\": { \"b\": 1 }, \"A:B\": 2 }", "{ 'single': 1 }", "{ a: 1 }", "{ \"a\": tru }",
        "{ \"a\": truex }", "{ \"a\": nul }", "{ \"a\": \"\\n\" }", "{ \"a\": \"\\u0041\" }", "{ \"a\": \"tab\there\" }",
        "{ \"a\": \"ü\" }", "{ \"ü\": 1 }", "\uFEFF{}", "{ \"a\": 01 }", "{ \"a\": 1. }", "{ \"a\": .5 }", "{ \"a\": +1 }",
        "{ \"a\": - }", "{ \"a\": 1e }", "{ \"a\": 1e+ }", "{ \"a\": 0x10 }", "{ \"a\": NaN }", "{ \"a\": 1 2 }",
        "{,}", "{ \"a\": [,] }", "{ \"a\": [1,,2] }", "{ \"a\": 1,, }", "{ \"a\" 1 }", "{ \"a\": }", "{ \"a\"/**/: 1 }", "{ \"a\" // c\n: 1 }", "{ \"a\": 1 /* open }",
        "{ \"a\": 1 / }", "{ \"a\": 1 }/", "{ \"a\": \"open }", "{\"a\":1}\0", "{\0}",
        "{\"d\":" + string.Concat(Enumerable.Repeat("[", 40)) + string.Concat(Enumerable.Repeat("]", 40)) + "}",
    };

    [Theory]
    [MemberData(nameof(Plain))]
    public void PlainFiles_AreAccepted_WithJsonDocumentsResult(string json)
    {
        var bytes = Encoding.UTF8.GetBytes(json);

        Assert.True(PlainJsonSettings.TryFlatten(bytes, out var plain), "a plain file was declined");
        Assert.True(JsonSettingsFile.TryFlattenWithDocument(bytes, out var document), "JsonDocument declined a file the plain reader accepted");
        Assert.Equal(document!.ToList(), plain.ToList());
    }

    [Theory]
    [MemberData(nameof(NotPlain))]
    public void OtherFiles_AreDeclined(string json)
    {
        Assert.False(PlainJsonSettings.TryFlatten(Encoding.UTF8.GetBytes(json), out var values));
        Assert.Null(values);
    }

    [Fact]
    public void TheToolsOwnSettingsFile_IsPlain()
    {
        // The file next to the tool, as shipped (copied from the CLI project): read at every start of ae-updater.
        var shipped = File.ReadAllBytes(Path.Join(AppContext.BaseDirectory, "appsettings.json"));

        Assert.True(PlainJsonSettings.TryFlatten(shipped, out var plain), "the shipped appsettings.json is not plain");
        Assert.True(JsonSettingsFile.TryFlattenWithDocument(shipped, out var document));
        Assert.Equal(document!.ToList(), plain.ToList());
        Assert.Equal("{usr}", plain["AeUpdater:DefaultDestination"]);
    }

    [Fact]
    public void GeneratedFiles_WhenAccepted_GiveJsonDocumentsResult()
    {
        // Documents from a small grammar, some with one byte changed, inserted or removed: whatever the plain reader
        // accepts, JsonDocument (the path it stands in for) must accept with the same keys, values and order.
        var random = new Random(20261201);
        var accepted = 0;
        var declined = 0;
        for (var i = 0; i < 4000; i++)
        {
            var text = GenerateObject(random, 0);
            if (i % 2 == 1)
            {
                text = Mutate(random, text);
            }

            var bytes = Encoding.UTF8.GetBytes(text);
            if (!PlainJsonSettings.TryFlatten(bytes, out var plain))
            {
                declined++;
                continue;
            }

            accepted++;
            Assert.True(JsonSettingsFile.TryFlattenWithDocument(bytes, out var document), $"JsonDocument declined: {text}");
            Assert.True(document!.SequenceEqual(plain), $"different results for: {text}");
        }

        // Both sides of the comparison were exercised.
        Assert.True(accepted > 1000, $"only {accepted} generated files were accepted");
        Assert.True(declined > 500, $"only {declined} generated files were declined");
    }

    private static readonly string[] Names = ["a", "A", "b", "Key", "key", "x:y", "", "Serilog", "AeUpdater"];

    private static readonly string[] Scalars =
    [
        "0", "-0", "1", "12", "1.5", "-2.25e3", "1E+2", "3e-1", "true", "false", "null", "\"\"", "\"text\"", "\"{usr}/x\"",
        "\"/* c */\"", "\"a//b\"",
    ];

    private static readonly string[] Trivia = ["", "", " ", "\n", "\r\n\t", "/* c */", "// c\n", "/**/"];

    // Between a name and its colon JsonDocument allows white space only (a comment there is one of the mutations).
    private static readonly string[] Spaces = ["", "", " ", "\n\t"];

    private static string GenerateObject(Random random, int depth)
    {
        var builder = new StringBuilder("{");
        var count = random.Next(depth == 0 ? 1 : 0, 4);
        for (var i = 0; i < count; i++)
        {
            builder.Append(Pick(random, Trivia)).Append('"').Append(Pick(random, Names)).Append('"')
                .Append(Pick(random, Spaces)).Append(':').Append(Pick(random, Trivia)).Append(GenerateValue(random, depth + 1))
                .Append(Pick(random, Trivia));
            if (i < count - 1 || random.Next(4) == 0)
            {
                builder.Append(',');
            }
        }

        return builder.Append(Pick(random, Trivia)).Append('}').ToString();
    }

    private static string GenerateValue(Random random, int depth)
    {
        var kind = depth > 4 ? 0 : random.Next(5);
        if (kind == 3)
        {
            return GenerateObject(random, depth);
        }

        if (kind == 4)
        {
            var items = Enumerable.Range(0, random.Next(0, 4)).Select(_ => Pick(random, Trivia) + GenerateValue(random, depth + 1));
            return "[" + string.Join(",", items) + (random.Next(4) == 0 ? "," : "") + Pick(random, Trivia) + "]";
        }

        return Pick(random, Scalars);
    }

    private static string Mutate(Random random, string text)
    {
        const string Alphabet = "{}[],:\"/*\\ \nx01-.eE+tfnü\0";
        var at = random.Next(text.Length + 1);
        var letter = Alphabet[random.Next(Alphabet.Length)].ToString();
        return random.Next(3) switch
        {
            0 => text.Insert(at, letter),
            1 when at < text.Length => text.Remove(at, 1),
            _ when at < text.Length => text.Remove(at, 1).Insert(at, letter),
            _ => text + letter,
        };
    }

    private static string Pick(Random random, string[] items) => items[random.Next(items.Length)];
}
