using System.Security.Cryptography;

namespace AeUpdater.Tuf.Crypto;

/// <summary>The hash algorithms TUF metadata names (<c>sha256</c>, <c>sha384</c>, <c>sha512</c>), computed incrementally.</summary>
internal static class Hashing
{
    public static bool IsSupported(string algorithm) => algorithm is "sha256" or "sha384" or "sha512";

    public static IncrementalHash Create(string algorithm) => algorithm switch
    {
        "sha256" => IncrementalHash.CreateHash(HashAlgorithmName.SHA256),
        "sha384" => IncrementalHash.CreateHash(HashAlgorithmName.SHA384),
        "sha512" => IncrementalHash.CreateHash(HashAlgorithmName.SHA512),
        _ => throw new LengthOrHashMismatchException($"The hash algorithm '{algorithm}' is not supported."),
    };

    /// <summary>Checks every listed hash; an unsupported algorithm fails (python-tuf does the same).</summary>
    public static void Verify(IReadOnlyDictionary<string, string> expected, ReadOnlySpan<byte> data, string what)
    {
        foreach (var (algorithm, hex) in expected)
        {
            using var hash = CreateFor(algorithm, what);
            hash.AppendData(data);
            Compare(algorithm, hex, hash.GetHashAndReset(), what);
        }
    }

    /// <summary>One incremental hash per listed algorithm, to feed while streaming.</summary>
    public static Dictionary<string, IncrementalHash> CreateAll(IReadOnlyDictionary<string, string> expected, string what) =>
        expected.Keys.ToDictionary(a => a, a => CreateFor(a, what), StringComparer.Ordinal);

    public static void Compare(string algorithm, string expectedHex, byte[] actual, string what)
    {
        var actualHex = Convert.ToHexStringLower(actual);
        if (!string.Equals(actualHex, expectedHex, StringComparison.OrdinalIgnoreCase))
        {
            throw new LengthOrHashMismatchException($"{what}: the {algorithm} hash is {actualHex}, the trusted metadata says {expectedHex}.");
        }
    }

    public static (long Length, Dictionary<string, string> Hashes) Compute(Stream stream, IEnumerable<string> algorithms)
    {
        var hashes = algorithms.ToDictionary(a => a, Create, StringComparer.Ordinal);
        var buffer = new byte[81920];
        long length = 0;
        int read;
        while ((read = stream.Read(buffer)) > 0)
        {
            length += read;
            foreach (var hash in hashes.Values)
            {
                hash.AppendData(buffer, 0, read);
            }
        }

        var result = hashes.ToDictionary(p => p.Key, p => Convert.ToHexStringLower(p.Value.GetHashAndReset()), StringComparer.Ordinal);
        foreach (var hash in hashes.Values)
        {
            hash.Dispose();
        }

        return (length, result);
    }

    private static IncrementalHash CreateFor(string algorithm, string what) =>
        IsSupported(algorithm) ? Create(algorithm) : throw new LengthOrHashMismatchException($"{what}: the hash algorithm '{algorithm}' is not supported.");
}
