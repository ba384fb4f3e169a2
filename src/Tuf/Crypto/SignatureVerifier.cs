using System.Security.Cryptography;
using NSec.Cryptography;
using Key = AeUpdater.Tuf.Models.Key;
using PublicKey = NSec.Cryptography.PublicKey;

namespace AeUpdater.Tuf.Crypto;

/// <summary>
/// Verifies one signature with one key. Supported: <c>ed25519</c>/<c>ed25519</c> (hex raw public key),
/// <c>ecdsa</c> or <c>ecdsa-sha2-nistp256</c>/<c>ecdsa-sha2-nistp256</c> (PEM, DER signature) and
/// <c>rsa</c>/<c>rsassa-pss-sha256</c> (PEM, salt length = digest length). Anything else, or a malformed key or
/// signature, does not verify: it never throws.
/// </summary>
internal static class SignatureVerifier
{
    public static bool IsSupported(Key key) => (key.KeyType, key.Scheme) switch
    {
        ("ed25519", "ed25519") => true,
        ("ecdsa" or "ecdsa-sha2-nistp256", "ecdsa-sha2-nistp256") => true,
        ("rsa", "rsassa-pss-sha256") => true,
        _ => false,
    };

    public static bool Verify(Key key, string signatureHex, byte[] data)
    {
        if (!IsSupported(key) || key.Public is not { } publicValue)
        {
            return false;
        }

        try
        {
            var signature = Convert.FromHexString(signatureHex);
            return key.Scheme switch
            {
                "ed25519" => VerifyEd25519(publicValue, signature, data),
                "ecdsa-sha2-nistp256" => VerifyEcdsa(publicValue, signature, data),
                "rsassa-pss-sha256" => VerifyRsaPss(publicValue, signature, data),
                _ => false,
            };
        }
        catch (Exception ex) when (ex is FormatException or CryptographicException or ArgumentException)
        {
            return false;
        }
    }

    private static bool VerifyEd25519(string publicHex, byte[] signature, byte[] data)
    {
        var raw = Convert.FromHexString(publicHex);
        if (raw.Length != 32 || signature.Length != 64)
        {
            return false;
        }

        var algorithm = SignatureAlgorithm.Ed25519;
        return PublicKey.TryImport(algorithm, raw, KeyBlobFormat.RawPublicKey, out var publicKey)
            && algorithm.Verify(publicKey!, data, signature);
    }

    private static bool VerifyEcdsa(string pem, byte[] signature, byte[] data)
    {
        using var ecdsa = ECDsa.Create();
        ecdsa.ImportFromPem(pem);
        var parameters = ecdsa.ExportParameters(false);
        if (parameters.Curve.Oid.Value != ECCurve.NamedCurves.nistP256.Oid.Value)
        {
            return false;
        }

        return ecdsa.VerifyData(data, signature, HashAlgorithmName.SHA256, DSASignatureFormat.Rfc3279DerSequence);
    }

    private static bool VerifyRsaPss(string pem, byte[] signature, byte[] data)
    {
        using var rsa = RSA.Create();
        rsa.ImportFromPem(pem);
        return rsa.VerifyData(data, signature, HashAlgorithmName.SHA256, RSASignaturePadding.Pss);
    }
}
