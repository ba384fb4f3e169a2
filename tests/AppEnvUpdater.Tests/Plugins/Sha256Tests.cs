using System.Security.Cryptography;
using System.Text;
using AeUpdater.Plugins;

namespace AeUpdater.Tests.Plugins;

/// <summary>
/// The managed SHA-256 that identifies plugins in the ledger is the platform's SHA-256, byte for byte: the identities
/// that earlier versions recorded stay valid, and a changed plugin is a new identity.
/// </summary>
public sealed class Sha256Tests
{
    [Theory]
    [InlineData("", "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")]
    [InlineData("abc", "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")]
    [InlineData("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq", "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1")]
    public void HashData_KnownVectors(string message, string expected) =>
        Assert.Equal(expected, Convert.ToHexStringLower(Sha256.HashData(Encoding.ASCII.GetBytes(message))));

    [Fact]
    public void HashData_EveryLengthAcrossSeveralBlocks_IsThePlatformsHash()
    {
        var random = new Random(14);
        var data = new byte[300];
        random.NextBytes(data);
        for (var length = 0; length <= data.Length; length++)
        {
            Assert.Equal(SHA256.HashData(data.AsSpan(0, length)), Sha256.HashData(data.AsSpan(0, length)));
        }
    }

    [Fact]
    public void Append_AnySplitOfTheInput_IsThePlatformsHash()
    {
        var random = new Random(15);
        var data = new byte[(1 << 20) + 37];
        random.NextBytes(data);
        var expected = SHA256.HashData(data);
        for (var trial = 0; trial < 20; trial++)
        {
            var sha = new Sha256();
            var at = 0;
            while (at < data.Length)
            {
                var take = Math.Min(data.Length - at, trial % 2 == 0 ? random.Next(0, 130) : random.Next(0, 100_000));
                sha.Append(data.AsSpan(at, take));
                at += take;
            }

            Assert.Equal(expected, sha.Finish());
        }
    }

    [Fact]
    public void Append_AfterFinish_Throws()
    {
        var sha = new Sha256();
        sha.Finish();

        Assert.Throws<InvalidOperationException>(() => sha.Append([1]));
    }
}
