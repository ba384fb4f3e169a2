using System.Text;
using System.Text.Json.Nodes;
using AeUpdater.Tuf.Crypto;
using AeUpdater.Tuf.Json;
using AeUpdater.Tuf.Models;

namespace AeUpdater.Tuf.Tests;

public class MetadataTests
{
    [Fact]
    public void Encode_Object_SortsKeysEscapesOnlyQuoteAndBackslashNoWhitespace()
    {
        var node = JsonNode.Parse("{\"b\": 1, \"a\": \"x\\\"y\\\\z\\n\u00e9\", \"c\": [true, null, -3]}");

        var text = Encoding.UTF8.GetString(CanonicalJson.Encode(node));

        Assert.Equal("{\"a\":\"x\\\"y\\\\z\n\u00e9\",\"b\":1,\"c\":[true,null,-3]}", text);
    }

    [Fact]
    public void Encode_KeysOutsideTheBmp_SortByCodePointNotUtf16()
    {
        var node = new JsonObject { ["\U0001F600"] = 1, ["\uFFFD"] = 2 };

        var text = Encoding.UTF8.GetString(CanonicalJson.Encode(node));

        Assert.Equal("{\"\uFFFD\":2,\"\U0001F600\":1}", text);
    }

    [Theory]
    [InlineData("1.5")]
    [InlineData("1.0")]
    [InlineData("1e3")]
    public void Encode_NonInteger_Throws(string number) =>
        Assert.Throws<MetadataFormatException>(() => CanonicalJson.Encode(JsonNode.Parse("{\"n\": " + number + "}")));

    [Fact]
    public void FromBytes_UnknownFields_AreKeptWrittenBackAndCoveredBySignatures()
    {
        using var signer = TufSigner.Generate();
        var metadata = new Metadata(new Timestamp(1, DateTimeOffset.UtcNow.AddDays(1), new MetaFile(1)));
        metadata.Payload.UnrecognizedFields["x-extension"] = new JsonObject { ["answer"] = 42 };
        metadata.Sign(signer);
        var bytes = metadata.ToBytes();
        var role = new Role([signer.KeyId], 1);
        var keys = new Dictionary<string, Key> { [signer.KeyId] = signer.PublicKey };

        var parsed = Metadata.FromBytes(bytes);
        DelegateVerifier.Verify("timestamp", role, keys, parsed, "test");
        Assert.Equal(42, parsed.Payload.UnrecognizedFields["x-extension"]!["answer"]!.GetValue<int>());
        Assert.Equal(bytes, parsed.ToBytes());

        var tampered = Metadata.FromBytes(Encoding.UTF8.GetBytes(Encoding.UTF8.GetString(bytes).Replace("42", "43", StringComparison.Ordinal)));
        Assert.Throws<UnsignedMetadataException>(() => DelegateVerifier.Verify("timestamp", role, keys, tampered, "test"));
    }

    [Fact]
    public void FromBytes_ReformattedButSameContent_StillVerifies()
    {
        using var signer = TufSigner.Generate();
        var metadata = new Metadata(new Targets(3, DateTimeOffset.UtcNow.AddDays(1), new() { ["a"] = TargetFile.FromBytes("a", [1]) }));
        metadata.Sign(signer);
        var compact = JsonNode.Parse(metadata.ToBytes())!.ToJsonString();

        var parsed = Metadata.FromBytes(Encoding.UTF8.GetBytes(compact));

        DelegateVerifier.Verify("targets", new Role([signer.KeyId], 1), new Dictionary<string, Key> { [signer.KeyId] = signer.PublicKey }, parsed, "test");
    }

    [Theory]
    [InlineData("\"spec_version\": \"1.0.31\"", "\"spec_version\": \"2.0.0\"", "not supported")]
    [InlineData("\"spec_version\": \"1.0.31\"", "\"spec_version\": \"1.x\"", "MAJOR.MINOR")]
    [InlineData("\"version\": 1", "\"version\": 0", "positive")]
    [InlineData("\"version\": 1", "\"version\": 1.0", "floating-point")]
    [InlineData("\"version\": 1", "\"version\": \"1\"", "integer")]
    [InlineData("\"_type\": \"timestamp\"", "\"_type\": \"mirrors\"", "Unknown metadata type")]
    [InlineData("\"expires\": \"2030-01-01T00:00:00Z\"", "\"expires\": \"2030-01-01T00:00:00+00:00\"", "YYYY-MM-DDTHH:MM:SSZ")]
    [InlineData("\"version\": 1", "\"version\": 1, \"version\": 2", "not valid JSON")]
    public void FromBytes_InvalidField_ThrowsWithReason(string from, string to, string reason)
    {
        var json = """
            {"signatures": [], "signed": {"_type": "timestamp", "spec_version": "1.0.31", "version": 1, "expires": "2030-01-01T00:00:00Z",
             "meta": {"snapshot.json": {"version": 1}}}}
            """;
        Assert.NotNull(Metadata.FromBytes(Encoding.UTF8.GetBytes(json)));

        var ex = Assert.Throws<MetadataFormatException>(() => Metadata.FromBytes(Encoding.UTF8.GetBytes(json.Replace(from, to, StringComparison.Ordinal))));

        Assert.Contains(reason, ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void FromBytes_RootWithoutAllTopLevelRoles_Throws()
    {
        var json = """
            {"signatures": [], "signed": {"_type": "root", "spec_version": "1.0", "version": 1, "expires": "2030-01-01T00:00:00Z",
             "consistent_snapshot": true, "keys": {}, "roles": {"root": {"keyids": [], "threshold": 1}}}}
            """;

        var ex = Assert.Throws<MetadataFormatException>(() => Metadata.FromBytes(Encoding.UTF8.GetBytes(json)));

        Assert.Contains("exactly root, timestamp, snapshot and targets", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void FromBytes_DelegationWithBothPathsAndPrefixes_Throws()
    {
        var json = """
            {"signatures": [], "signed": {"_type": "targets", "spec_version": "1.0", "version": 1, "expires": "2030-01-01T00:00:00Z",
             "targets": {}, "delegations": {"keys": {}, "roles": [{"name": "a", "keyids": [], "threshold": 1, "terminating": false,
             "paths": ["*"], "path_hash_prefixes": ["ab"]}]}}}
            """;

        var ex = Assert.Throws<MetadataFormatException>(() => Metadata.FromBytes(Encoding.UTF8.GetBytes(json)));

        Assert.Contains("exactly one of 'paths' and 'path_hash_prefixes'", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void IsExpired_AtTheExpiryInstant_IsExpired()
    {
        var expires = new DateTimeOffset(2030, 1, 1, 0, 0, 0, TimeSpan.Zero);
        var timestamp = new Timestamp(1, expires, new MetaFile(1));

        Assert.False(timestamp.IsExpired(expires.AddSeconds(-1)));
        Assert.True(timestamp.IsExpired(expires));
    }
}
