using System.Buffers;
using System.Text;
using System.Text.Json;
using AeUpdater.Journaling;
using AeUpdater.Tests.TestSupport;

namespace AeUpdater.Tests.Journaling;

/// <summary>
/// The plugin ledger's records are written by hand and read without System.Text.Json when they are plain
/// (<see cref="PlainRecord"/>); the bytes and what is read must be exactly what the JSON writer and parser make of them,
/// so that ledgers of this and earlier versions are read by both.
/// </summary>
public sealed class PlainRecordTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 30, 17, 5, 9, 123, TimeSpan.Zero);

    private static readonly string[] Fields = ["type", "name", "hash", "end", "error", "succeeded", "failures", "i", "missing"];

    [Fact]
    public void PluginRecords_AreTheJsonWritersBytes_PlainNamesByHandOthersThroughTheWriter()
    {
        using var tree = TempTree.Create();
        var hash = new string('a', 32) + "0123456789abcdef0123456789ABCDEF";
        var odd = "ae_pre_app_run \"é\\ü\u0001";
        var error = new string('e', FileJournal.MaxErrorChars + 10);
        using (var journal = new FileJournal(tree.Root, Durability.Full, new FixedTime(Now)))
        {
            journal.PluginStarted("ae_pre_app_run", hash);
            journal.PluginStarted("ae_pre_app_run", hash, durable: false);
            journal.PluginEnded("ae_pre_app_run", hash, PluginEnd.Succeeded, null);
            journal.PluginEnded("ae_updater", hash, PluginEnd.ReturnedFalse, null);
            journal.PluginEnded("ae_updater", hash, PluginEnd.Failed, "it threw: \"boom\" <é>");
            journal.PluginEnded("ae_updater", hash, PluginEnd.Failed, error);
            journal.PluginDeleted("ae_updater", hash);
            journal.PluginStarted(odd, odd);
            journal.PluginEnded(odd, odd, PluginEnd.Succeeded, null);
            journal.PluginDeleted(odd, "h/ash");
        }

        var time = Now.ToString("O", System.Globalization.CultureInfo.InvariantCulture);
        string[] expected =
        [
            Line(w => Fields3(w, "plugin-start", "ae_pre_app_run", hash).WriteString("time", time)),
            Line(w => Fields3(w, "plugin-start", "ae_pre_app_run", hash).WriteString("time", time)),
            Line(w => { Fields3(w, "plugin-end", "ae_pre_app_run", hash).WriteString("end", "Succeeded"); w.WriteString("time", time); }),
            Line(w => { Fields3(w, "plugin-end", "ae_updater", hash).WriteString("end", "ReturnedFalse"); w.WriteString("time", time); }),
            Line(w => { Fields3(w, "plugin-end", "ae_updater", hash).WriteString("end", "Failed"); w.WriteString("error", "it threw: \"boom\" <é>"); w.WriteString("time", time); }),
            Line(w => { Fields3(w, "plugin-end", "ae_updater", hash).WriteString("end", "Failed"); w.WriteString("error", error[..FileJournal.MaxErrorChars] + "…"); w.WriteString("time", time); }),
            Line(w => Fields3(w, "plugin-deleted", "ae_updater", hash)),
            Line(w => Fields3(w, "plugin-start", odd, odd).WriteString("time", time)),
            Line(w => { Fields3(w, "plugin-end", odd, odd).WriteString("end", "Succeeded"); w.WriteString("time", time); }),
            Line(w => Fields3(w, "plugin-deleted", odd, "h/ash")),
        ];
        Assert.Equal(expected, File.ReadAllLines(tree.PathOf(FileJournal.PluginsFileName)));

        // Read back: the plain lines without the JSON library, the others with it, into the same ledger as before.
        var entries = new FileJournal(tree.Root, Durability.Full, TimeProvider.System).Load().Plugins;
        Assert.Equal((true, 2, false), (entries[hash].Succeeded, entries[hash].ConsecutiveFailures, entries[hash].Interrupted));
        Assert.Equal((true, 0), (entries[odd].Succeeded, entries[odd].ConsecutiveFailures));
    }

    [Fact]
    public void IsPlain_OnlyCharactersTheWriterNeverEscapes()
    {
        Assert.True(FileJournal.IsPlain("ae_pre_app_run"));
        Assert.True(FileJournal.IsPlain("2026-11-30T17:05:09.1230000+00:00"));
        foreach (var c in "\"\\/ <>&'`é\u0000\u001f\u007f\u2028")
        {
            Assert.False(FileJournal.IsPlain($"a{c}b"), $"U+{(int)c:X4}");
        }
    }

    [Theory]
    // The plain form: read without the JSON library.
    [InlineData("""{"type":"plugin-start","name":"ae_pre_app_run","hash":"ab12","time":"2026-11-30T16:52:20.2771944+00:00"}""", true)]
    [InlineData("""{"type":"plugin-summary","name":"ae_updater","hash":"h","succeeded":true,"failures":3,"error":null}""", true)]
    [InlineData("""{"type":"plugin-summary","name":"ae_updater","hash":"h","succeeded":false,"failures":0}""", true)]
    [InlineData("""{"type":"done","i":2147483,"outcome":"moved"}""", true)]
    [InlineData("""{"type":"plugin-end","name":"n","hash":"h","end":"Failed","error":"it threw <é> ⁄ (x)"}""", true)]
    [InlineData("""{"type":"x","i":0}""", true)]
    [InlineData("""{}""", true)]
    // Anything else: the JSON parser decides, as before.
    [InlineData("""{"type":"plugin-end","name":"n","hash":"h","end":"Failed","error":"q\"uote"}""", false)]
    [InlineData("""{"type":"plugin-end","name":"n\u00e9","hash":"h"}""", false)]
    [InlineData("""{ "type":"plugin-start","name":"n","hash":"h"}""", false)]
    [InlineData("""{"type":"plugin-summary","name":"n","hash":"h","succeeded":true,"failures":1234567890}""", false)]
    [InlineData("""{"type":"plugin-summary","name":"n","hash":"h","succeeded":true,"failures":-1}""", false)]
    [InlineData("""{"type":"plugin-summary","name":"n","hash":"h","succeeded":true,"failures":1.0}""", false)]
    [InlineData("""{"type":"plugin-summary","name":"n","hash":"h","succeeded":true,"failures":1e2}""", false)]
    [InlineData("""{"type":"plugin-summary","name":"n","hash":"h","succeeded":true,"failures":01}""", false)]
    [InlineData("""{"type":"plugin-start","name":"a","name":"b","hash":"h"}""", false)]
    [InlineData("""{"type":"plugin-start","name":["a"],"hash":{"h":1}}""", false)]
    [InlineData("""{"type":"plugin-start","name":"a","hash":"h"}x""", false)]
    [InlineData("""{"type":"plugin-start","name":"a","hash":"h",}""", false)]
    [InlineData("""{"type":"plugin-start","name":"a""hash":"h"}""", false)]
    [InlineData("""{"type":"plugin-start","name":tru}""", false)]
    [InlineData("""{"type":"plugin-end","name":"n","hash":"h","end":"Succ""", false)]
    [InlineData("""["plugin-start"]""", false)]
    [InlineData("""{"type":"plugin-start","succeeded":"true","failures":"3"}""", true)]
    public void ParseRecord_ReadsEveryFieldAsTheJsonParserDoes(string line, bool plain)
    {
        var bytes = Encoding.UTF8.GetBytes(line);
        var record = StateFileReader.ParseRecord(bytes, out var why);
        var parsed = StateFileReader.TryParse(bytes, out var element, out var jsonWhy);

        Assert.Equal(plain, record is PlainRecord);
        Assert.Equal(parsed, record is not null);
        Assert.Equal(jsonWhy, why);
        if (!parsed)
        {
            return;
        }

        var json = new JsonRecord(element);
        foreach (var field in Fields)
        {
            Assert.Equal(json.Str(field), record!.Str(field));
            Assert.Equal((json.OptionalStr(field, out var a), a), (record.OptionalStr(field, out var b), b));
            Assert.Equal((json.TryBool(field, out var c), c), (record.TryBool(field, out var d), d));
            Assert.Equal((json.TryCount(field, out var e), e), (record.TryCount(field, out var f), f));
        }
    }

    [Fact]
    public void ParseRecord_InvalidUtf8_IsRefusedAsBefore()
    {
        byte[] line = [.. "{\"type\":\"plugin-start\",\"name\":\""u8, 0xC3, 0x28, .. "\",\"hash\":\"h\"}"u8];

        Assert.Null(StateFileReader.ParseRecord(line, out var why));
        Assert.Equal("not valid UTF-8", why);
    }

    private static string Line(Action<Utf8JsonWriter> write)
    {
        // What the journal's writer made for every record before (and still makes for the records it writes).
        var buffer = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer, new JsonWriterOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            writer.WriteStartObject();
            write(writer);
            writer.WriteEndObject();
        }

        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    private static Utf8JsonWriter Fields3(Utf8JsonWriter w, string type, string name, string hash)
    {
        w.WriteString("type", type);
        w.WriteString("name", name);
        w.WriteString("hash", hash);
        return w;
    }

    private sealed class FixedTime(DateTimeOffset now) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => now;
    }
}
