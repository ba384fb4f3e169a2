using System.Diagnostics;
using System.Text;
using AeUpdater.Tuf.Crypto;
using AeUpdater.Tuf.Models;

namespace AeUpdater.Tuf.Tests;

public class SignatureTests
{
    [Theory]
    // RFC 8032, section 7.1, TEST 1 and TEST 2.
    [InlineData("d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a", "",
        "e5564300c360ac729086e2cc806e828a84877f1eb8e5d974d873e065224901555fb8821590a33bacc61e39701cf9b46bd25bf5f0595bbe24655141438e7a100b")]
    [InlineData("3d4017c3e843895a92b70aa74d1b7ebc9c982ccf2ec4968cc0cd55f12af4660c", "72",
        "92a009a9f0d4cab8720e820b5f642540a2b27b5416503f8fb3762223ebdb69da085ac1e43e15996e458f3613d0f11d8c387b2eaeb4302aeeb00d291612bb0c00")]
    public void Verify_Ed25519Rfc8032Vector_Verifies(string publicKey, string message, string signature)
    {
        var key = new Key("ed25519", "ed25519", publicKey);
        var data = Convert.FromHexString(message);

        Assert.True(SignatureVerifier.Verify(key, signature, data));
        Assert.False(SignatureVerifier.Verify(key, signature, [.. data, 0]));
        Assert.False(SignatureVerifier.Verify(key, "00" + signature[2..], data));
    }

    [Fact]
    public void Verify_EcdsaSignedByOpenssl_Verifies()
    {
        using var tree = TempTree.Create();
        File.WriteAllText(tree.PathOf("data"), "signed bytes");
        Openssl(tree.Root, "ecparam", "-name", "prime256v1", "-genkey", "-noout", "-out", "key.pem");
        Openssl(tree.Root, "ec", "-in", "key.pem", "-pubout", "-out", "pub.pem");
        Openssl(tree.Root, "dgst", "-sha256", "-sign", "key.pem", "-out", "sig.der", "data");
        var key = new Key("ecdsa", "ecdsa-sha2-nistp256", File.ReadAllText(tree.PathOf("pub.pem")));
        var signature = Convert.ToHexStringLower(File.ReadAllBytes(tree.PathOf("sig.der")));

        Assert.True(SignatureVerifier.Verify(key, signature, Encoding.UTF8.GetBytes("signed bytes")));
        Assert.True(SignatureVerifier.Verify(new Key("ecdsa-sha2-nistp256", "ecdsa-sha2-nistp256", key.Public!), signature, Encoding.UTF8.GetBytes("signed bytes")));
        Assert.False(SignatureVerifier.Verify(key, signature, Encoding.UTF8.GetBytes("other bytes")));
    }

    [Fact]
    public void Verify_RsaPssSignedByOpenssl_Verifies()
    {
        using var tree = TempTree.Create();
        File.WriteAllText(tree.PathOf("data"), "signed bytes");
        Openssl(tree.Root, "genpkey", "-algorithm", "RSA", "-pkeyopt", "rsa_keygen_bits:2048", "-out", "key.pem");
        Openssl(tree.Root, "pkey", "-in", "key.pem", "-pubout", "-out", "pub.pem");
        Openssl(tree.Root, "dgst", "-sha256", "-sigopt", "rsa_padding_mode:pss", "-sigopt", "rsa_pss_saltlen:digest", "-sign", "key.pem", "-out", "sig.bin", "data");
        var key = new Key("rsa", "rsassa-pss-sha256", File.ReadAllText(tree.PathOf("pub.pem")));
        var signature = Convert.ToHexStringLower(File.ReadAllBytes(tree.PathOf("sig.bin")));

        Assert.True(SignatureVerifier.Verify(key, signature, Encoding.UTF8.GetBytes("signed bytes")));
        Assert.False(SignatureVerifier.Verify(key, signature, Encoding.UTF8.GetBytes("other bytes")));
    }

    [Theory]
    [InlineData("ed25519")]
    [InlineData("ecdsa")]
    [InlineData("rsa")]
    public void Signer_SignSaveLoad_RoundTripsAndVerifies(string keyType)
    {
        using var tree = TempTree.Create();
        using var signer = TufSigner.Generate(keyType);
        var data = Encoding.UTF8.GetBytes("canonical bytes");
        signer.Save(tree.PathOf("key.json"));
        using var loaded = TufSigner.Load(tree.PathOf("key.json"));

        Assert.Equal(signer.KeyId, loaded.KeyId);
        Assert.True(SignatureVerifier.Verify(signer.PublicKey, Convert.ToHexStringLower(loaded.Sign(data)), data));
        Assert.False(SignatureVerifier.Verify(signer.PublicKey, Convert.ToHexStringLower(loaded.Sign(data)), [.. data, 1]));
        if (!OperatingSystem.IsWindows())
        {
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(tree.PathOf("key.json")));
        }
    }

    [Fact]
    public void Signer_KeyId_IsSha256OfCanonicalKey()
    {
        using var signer = TufSigner.Generate();
        var canonical = $"{{\"keytype\":\"ed25519\",\"keyval\":{{\"public\":\"{signer.PublicKey.Public}\"}},\"scheme\":\"ed25519\"}}";

        Assert.Equal(Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(Encoding.UTF8.GetBytes(canonical))), signer.KeyId);
    }

    [Theory]
    [InlineData("ed25519", "ecdsa-sha2-nistp256")]
    [InlineData("rsa", "ed25519")]
    [InlineData("unknown", "unknown")]
    [InlineData("ed25519", "ed448")]
    public void Verify_KeyTypeAndSchemeMismatch_DoesNotVerifyAndDoesNotThrow(string keyType, string scheme)
    {
        using var signer = TufSigner.Generate();
        var data = new byte[] { 1 };
        var signature = Convert.ToHexStringLower(signer.Sign(data));

        Assert.False(SignatureVerifier.Verify(new Key(keyType, scheme, signer.PublicKey.Public!), signature, data));
    }

    [Theory]
    [InlineData("not hex")]
    [InlineData("")]
    [InlineData("00")]
    public void Verify_MalformedSignatureOrKey_DoesNotThrow(string text)
    {
        Assert.False(SignatureVerifier.Verify(new Key("ed25519", "ed25519", "abcd"), text, [1]));
        Assert.False(SignatureVerifier.Verify(new Key("ecdsa", "ecdsa-sha2-nistp256", "-----BEGIN PUBLIC KEY-----\nAAAA\n-----END PUBLIC KEY-----"), text, [1]));
        Assert.False(SignatureVerifier.Verify(new Key("rsa", "rsassa-pss-sha256", text), text, [1]));
    }

    private static void Openssl(string directory, params string[] args)
    {
        var start = new ProcessStartInfo("openssl") { WorkingDirectory = directory, RedirectStandardError = true, RedirectStandardOutput = true };
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        using var process = Process.Start(start)!;
        var stderr = process.StandardError.ReadToEndAsync();
        Assert.True(process.WaitForExit(30_000), "openssl did not finish in 30 s");
        Assert.True(process.ExitCode == 0, "openssl " + string.Join(' ', args) + ": " + stderr.Result);
    }
}
