using System.Diagnostics;
using System.Globalization;
using System.Security.Cryptography;
using AeUpdater.Delivery.Archives;
using AeUpdater.Delivery.Patching;
using AeUpdater.DeliveryBench;
using AeUpdater.Tuf.Client;
using AeUpdater.Tuf.Crypto;
using AeUpdater.Tuf.Repository;

// Measurements for docs/performance.md (see bench/delivery.sh):
//   patch OLD_DIR NEW_DIR                      patch formats on two versions of a folder (zstd patch-from vs bsdiff)
//   make-repo REPO SIZE_MIB                    a TUF repository with one random target 'big.bin'
//   download METADATA_URL TARGET_URL ROOT OUT  refresh + download and verify 'big.bin' (fresh trusted metadata)
if (args.Length == 0)
{
    Console.Error.WriteLine("usage: patch OLD NEW | make-repo REPO SIZE_MIB | download METADATA_URL TARGET_URL TRUSTED_ROOT OUT_DIR");
    return 2;
}

switch (args[0])
{
    case "patch":
        Patch(args[1], args[2]);
        return 0;
    case "make-repo":
        MakeRepo(args[1], int.Parse(args[2], CultureInfo.InvariantCulture));
        return 0;
    case "download":
        await DownloadAsync(args[1], args[2], args[3], args[4]);
        return 0;
    default:
        Console.Error.WriteLine($"unknown mode '{args[0]}'");
        return 2;
}

static void Patch(string oldDir, string newDir)
{
    byte[] Tar(string dir)
    {
        using var stream = new MemoryStream();
        DeterministicArchive.WriteTar(dir, stream);
        return stream.ToArray();
    }

    long GzLength(string dir)
    {
        var path = Path.GetTempFileName();
        DeterministicArchive.WriteTarGz(dir, path);
        var length = new FileInfo(path).Length;
        File.Delete(path);
        return length;
    }

    var oldTar = Tar(oldDir);
    var newTar = Tar(newDir);
    var expected = SHA256.HashData(newTar);
    Console.WriteLine($"old tar: {oldTar.Length:N0} bytes, new tar: {newTar.Length:N0} bytes, new tar.gz: {GzLength(newDir):N0} bytes");
    Console.WriteLine("| format | patch bytes | create | apply (median of 5) |");
    Console.WriteLine("| --- | ---: | ---: | ---: |");

    foreach (var level in new[] { 19, 22 })
    {
        var sw = Stopwatch.StartNew();
        var patch = ZstdPatch.Create(oldTar, newTar, level);
        var create = sw.Elapsed;
        var apply = Median(() => ZstdPatch.Apply(oldTar, patch, newTar.Length, Convert.ToHexStringLower(expected)), expected);
        Console.WriteLine($"| zstd patch-from, level {level}, long mode | {patch.Length:N0} | {create.TotalMilliseconds:N0} ms | {apply:N0} ms |");
    }

    {
        var sw = Stopwatch.StartNew();
        var patch = BsDiff.Diff(oldTar, newTar);
        var create = sw.Elapsed;
        var apply = Median(() => BsDiff.Patch(oldTar, patch), expected);
        Console.WriteLine($"| bsdiff 4 (managed port, zstd-19 streams) | {patch.Length:N0} | {create.TotalMilliseconds:N0} ms | {apply:N0} ms |");
    }
}

static double Median(Func<byte[]> apply, byte[] expected)
{
    var times = new List<double>();
    for (var i = 0; i < 5; i++)
    {
        var sw = Stopwatch.StartNew();
        var result = apply();
        times.Add(sw.Elapsed.TotalMilliseconds);
        if (!SHA256.HashData(result).AsSpan().SequenceEqual(expected))
        {
            throw new InvalidOperationException("the patch did not reproduce the new tar");
        }
    }

    times.Sort();
    return times[2];
}

static void MakeRepo(string repoDir, int sizeMiB)
{
    var targets = Path.Join(repoDir, "targets");
    Directory.CreateDirectory(targets);
    var big = Path.Join(repoDir, "big.bin");
    using (var file = File.Create(big))
    {
        var buffer = new byte[1 << 20];
        for (var i = 0; i < sizeMiB; i++)
        {
            RandomNumberGenerator.Fill(buffer);
            file.Write(buffer);
        }
    }

    var repository = TufRepository.Create();
    foreach (var role in new[] { "root", "targets", "snapshot", "timestamp" })
    {
        repository.AddKey(role, TufSigner.Generate());
    }

    var target = repository.AddTargetFile(big, "big.bin", targets);
    File.Delete(big);
    repository.Publish(Path.Join(repoDir, "metadata"));
    Console.WriteLine($"{target.Hashes["sha256"]}.big.bin");
}

static async Task DownloadAsync(string metadataUrl, string targetUrl, string trustedRoot, string outDir)
{
    var metadata = Path.Join(outDir, "metadata");
    if (Directory.Exists(outDir))
    {
        Directory.Delete(outDir, recursive: true);
    }

    Directory.CreateDirectory(metadata);
    Updater.InitializeTrustedRoot(metadata, File.ReadAllBytes(trustedRoot));
    using var updater = new Updater(metadata, metadataUrl, outDir, targetUrl);
    await updater.RefreshAsync();
    var target = await updater.GetTargetInfoAsync("big.bin") ?? throw new InvalidOperationException("no big.bin");
    await updater.DownloadTargetAsync(target, Path.Join(outDir, "big.bin"));
}
