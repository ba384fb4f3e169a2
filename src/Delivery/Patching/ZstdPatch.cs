using System.Security.Cryptography;
using ZstdSharp;
using ZstdSharp.Unsafe;

namespace AeUpdater.Delivery.Patching;

/// <summary>
/// Binary patches between two tar streams in zstd's "patch-from" mode: the new tar compressed (level 19, long-distance
/// matching, a window covering old and new) with the old tar loaded as a raw-content dictionary. Applying it is a
/// zstd decompression with the same dictionary. The result must be checked against a signed hash before use.
/// </summary>
public static class ZstdPatch
{
    /// <summary>The compression level used to make patches.</summary>
    public const int Level = 19;

    /// <summary>The largest tar (old or new) a patch can be made from or applied to: 1 GiB.</summary>
    public const long MaxTarLength = 1L << 30;

    /// <summary>Makes the patch that turns <paramref name="oldTar"/> into <paramref name="newTar"/>.</summary>
    public static byte[] Create(byte[] oldTar, byte[] newTar, int level = Level)
    {
        CheckSize(oldTar.LongLength, "old tar");
        CheckSize(newTar.LongLength, "new tar");
        using var compressor = new Compressor(level);
        compressor.SetParameter(ZSTD_cParameter.ZSTD_c_enableLongDistanceMatching, 1);
        compressor.SetParameter(ZSTD_cParameter.ZSTD_c_windowLog, WindowLog(oldTar.LongLength + newTar.LongLength));
        compressor.LoadDictionary(oldTar);
        return compressor.Wrap(newTar).ToArray();
    }

    /// <summary>
    /// Applies <paramref name="patch"/> to <paramref name="oldTar"/>. The frame must declare exactly
    /// <paramref name="expectedLength"/> bytes of output (from signed metadata), so a hostile patch cannot make it
    /// allocate more; the output's SHA-256 must equal <paramref name="expectedSha256"/>.
    /// </summary>
    /// <exception cref="PatchException">The patch is corrupt, declares another length, or gives other bytes.</exception>
    public static byte[] Apply(byte[] oldTar, byte[] patch, long expectedLength, string expectedSha256)
    {
        CheckSize(expectedLength, "patched tar");
        byte[] result;
        try
        {
            var declared = Decompressor.GetDecompressedSize(patch);
            if ((long)declared != expectedLength)
            {
                throw new PatchException($"the patch declares {declared} bytes of output; the signed metadata says {expectedLength}.");
            }

            using var decompressor = new Decompressor();
            decompressor.SetParameter(ZSTD_dParameter.ZSTD_d_windowLogMax, 31);
            decompressor.LoadDictionary(oldTar);
            result = decompressor.Unwrap(patch, checked((int)expectedLength)).ToArray();
        }
        catch (ZstdException ex)
        {
            throw new PatchException($"the patch cannot be applied: {ex.Message}", ex);
        }

        if (result.LongLength != expectedLength)
        {
            throw new PatchException($"the patched tar has {result.LongLength} bytes; the signed metadata says {expectedLength}.");
        }

        var actual = Convert.ToHexStringLower(SHA256.HashData(result));
        if (!string.Equals(actual, expectedSha256, StringComparison.OrdinalIgnoreCase))
        {
            throw new PatchException($"the patched tar's SHA-256 is {actual}; the signed metadata says {expectedSha256}.");
        }

        return result;
    }

    private static int WindowLog(long bytes)
    {
        var log = 10;
        while (log < 31 && (1L << log) < bytes)
        {
            log++;
        }

        return log;
    }

    private static void CheckSize(long length, string what)
    {
        if (length > MaxTarLength)
        {
            throw new PatchException($"the {what} has {length} bytes; patches are made only for tars up to {MaxTarLength} bytes.");
        }
    }
}

/// <summary>A patch cannot be made or applied, or its result does not match the signed hash.</summary>
public sealed class PatchException : Exception
{
    /// <summary>Creates the exception.</summary>
    public PatchException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with its cause.</summary>
    public PatchException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>Creates the exception with a default message.</summary>
    public PatchException()
        : base("The patch failed.")
    {
    }
}
