using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using AeUpdater.Tuf.Json;
using NSec.Cryptography;

namespace AeUpdater.Tuf.Crypto;

/// <summary>
/// A private key that signs metadata: ed25519 (default), ecdsa-sha2-nistp256 or rsassa-pss-sha256 (3072 bits).
/// Saved as a JSON key file (see <see cref="Save"/>), never under a served folder.
/// </summary>
public sealed class TufSigner : IDisposable
{
    private readonly NSec.Cryptography.Key? _ed25519;
    private readonly ECDsa? _ecdsa;
    private readonly RSA? _rsa;

    private TufSigner(Models.Key publicKey, NSec.Cryptography.Key? ed25519, ECDsa? ecdsa, RSA? rsa)
    {
        PublicKey = publicKey;
        KeyId = publicKey.ComputeKeyId();
        _ed25519 = ed25519;
        _ecdsa = ecdsa;
        _rsa = rsa;
    }

    /// <summary>The public key as it goes into root or delegations.</summary>
    public Models.Key PublicKey { get; }

    /// <summary>The key id (SHA-256 of the canonical JSON of <see cref="PublicKey"/>).</summary>
    public string KeyId { get; }

    /// <summary>Creates a new key of <paramref name="keyType"/>: <c>ed25519</c>, <c>ecdsa</c> or <c>rsa</c>.</summary>
    public static TufSigner Generate(string keyType = "ed25519")
    {
        switch (keyType)
        {
            case "ed25519":
                var key = NSec.Cryptography.Key.Create(SignatureAlgorithm.Ed25519, new KeyCreationParameters { ExportPolicy = KeyExportPolicies.AllowPlaintextExport });
                return FromEd25519(key);
            case "ecdsa":
                return FromEcdsa(ECDsa.Create(ECCurve.NamedCurves.nistP256));
            case "rsa":
                return FromRsa(RSA.Create(3072));
            default:
                throw new ArgumentException($"Unknown key type '{keyType}' (ed25519, ecdsa or rsa).", nameof(keyType));
        }
    }

    /// <summary>Reads a key file written by <see cref="Save"/>.</summary>
    /// <exception cref="TufException">The file is missing or not a key file.</exception>
    public static TufSigner Load(string path)
    {
        try
        {
            var obj = JsonFields.AsObject(CanonicalJson.Parse(File.ReadAllBytes(path)), "The key file");
            var keyType = JsonFields.TakeString(obj, "keytype", "The key file");
            var secret = JsonFields.TakeString(obj, "private", "The key file");
            switch (keyType)
            {
                case "ed25519":
                    var key = NSec.Cryptography.Key.Import(SignatureAlgorithm.Ed25519, Convert.FromHexString(secret), KeyBlobFormat.RawPrivateKey, new KeyCreationParameters { ExportPolicy = KeyExportPolicies.AllowPlaintextExport });
                    return FromEd25519(key);
                case "ecdsa":
                    var ecdsa = ECDsa.Create();
                    ecdsa.ImportFromPem(secret);
                    return FromEcdsa(ecdsa);
                case "rsa":
                    var rsa = RSA.Create();
                    rsa.ImportFromPem(secret);
                    return FromRsa(rsa);
                default:
                    throw new TufException($"{path}: unknown key type '{keyType}'.");
            }
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or FormatException or CryptographicException or ArgumentException or MetadataFormatException)
        {
            throw new TufException($"{path}: cannot read the private key: {ex.Message}", ex);
        }
    }

    /// <summary>
    /// Writes the key file: JSON <c>{"keytype", "scheme", "keyid", "public", "private"}</c>, where <c>private</c> is
    /// the hex 32-byte seed for ed25519 and an unencrypted PKCS#8 PEM for ecdsa and rsa. On Unix the file is
    /// created readable by its owner only (0600). An existing file is not overwritten.
    /// </summary>
    public void Save(string path)
    {
        var obj = new JsonObject
        {
            ["keytype"] = PublicKey.KeyType,
            ["scheme"] = PublicKey.Scheme,
            ["keyid"] = KeyId,
            ["public"] = PublicKey.Public,
            ["private"] = ExportPrivate(),
        };
        var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }

        using var stream = new FileStream(path, options);
        stream.Write(Encoding.UTF8.GetBytes(obj.ToJsonString(new JsonSerializerOptions { WriteIndented = true }) + "\n"));
        stream.Flush(flushToDisk: true);
    }

    /// <summary>Signs <paramref name="data"/> (DER for ECDSA, PSS with salt = digest length for RSA).</summary>
    public byte[] Sign(byte[] data)
    {
        if (_ed25519 is not null)
        {
            return SignatureAlgorithm.Ed25519.Sign(_ed25519, data);
        }

        if (_ecdsa is not null)
        {
            return _ecdsa.SignData(data, HashAlgorithmName.SHA256, DSASignatureFormat.Rfc3279DerSequence);
        }

        return _rsa!.SignData(data, HashAlgorithmName.SHA256, RSASignaturePadding.Pss);
    }

    /// <inheritdoc/>
    public void Dispose()
    {
        _ed25519?.Dispose();
        _ecdsa?.Dispose();
        _rsa?.Dispose();
    }

    private static TufSigner FromEd25519(NSec.Cryptography.Key key) =>
        new(new Models.Key("ed25519", "ed25519", Convert.ToHexStringLower(key.PublicKey.Export(KeyBlobFormat.RawPublicKey))), key, null, null);

    private static TufSigner FromEcdsa(ECDsa ecdsa) =>
        new(new Models.Key("ecdsa", "ecdsa-sha2-nistp256", ecdsa.ExportSubjectPublicKeyInfoPem()), null, ecdsa, null);

    private static TufSigner FromRsa(RSA rsa) =>
        new(new Models.Key("rsa", "rsassa-pss-sha256", rsa.ExportSubjectPublicKeyInfoPem()), null, null, rsa);

    private string ExportPrivate() =>
        _ed25519 is not null ? Convert.ToHexStringLower(_ed25519.Export(KeyBlobFormat.RawPrivateKey))
        : _ecdsa is not null ? _ecdsa.ExportPkcs8PrivateKeyPem()
        : _rsa!.ExportPkcs8PrivateKeyPem();
}
