using System.Diagnostics;
using System.Formats.Tar;
using System.IO.Compression;
using AeUpdater.Delivery.Archives;

namespace AeUpdater.Delivery.Tests;

[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public sealed class ArchiveTests : IDisposable
{
    private readonly TempTree _tree = TempTree.Create();

    public void Dispose() => _tree.Dispose();

    [Fact]
    public void SameFilesGiveTheSameBytesWhateverTheirTimesAndOrder()
    {
        _tree.File("a/b/run.sh", "#!/bin/sh\necho hi\n").File("a/z.txt", "zz").File("a/A.txt", "AA").File("a/b/empty.txt", "").Folder("a/emptydir");
        File.SetUnixFileMode(_tree["a/b/run.sh"], (UnixFileMode)0b111_000_000);
        _tree.CopyFrom(_tree["a"], "b").Folder("b/emptydir");
        File.SetUnixFileMode(_tree["b/b/run.sh"], (UnixFileMode)0b111_101_000);
        File.SetLastWriteTimeUtc(_tree["b/z.txt"], new DateTime(2011, 5, 6, 0, 0, 0, DateTimeKind.Utc));

        var first = DeterministicArchive.WriteTarGz(_tree["a"], _tree["one.tar.gz"]);
        var second = DeterministicArchive.WriteTarGz(_tree["b"], _tree["two.tar.gz"]);

        Assert.Equal(File.ReadAllBytes(_tree["one.tar.gz"]), File.ReadAllBytes(_tree["two.tar.gz"]));
        Assert.Equal(first, second);

        using var stream = SafeArchiveExtractor.OpenTar(_tree["one.tar.gz"]);
        using var reader = new TarReader(stream);
        var names = new List<string>();
        while (reader.GetNextEntry() is { } entry)
        {
            names.Add(entry.Name);
            Assert.Equal(TarEntryFormat.Ustar, entry.Format);
            Assert.Equal(0, entry.Uid);
            Assert.Equal(0, entry.Gid);
            Assert.Equal(DeterministicArchive.FixedModificationTime, entry.ModificationTime);
            var expectedMode = entry.EntryType == TarEntryType.Directory || entry.Name.EndsWith(".sh", StringComparison.Ordinal) ? 0b111_101_101 : 0b110_100_100;
            Assert.Equal((UnixFileMode)expectedMode, entry.Mode);
        }

        Assert.Equal(["A.txt", "b/", "b/empty.txt", "b/run.sh", "emptydir/", "z.txt"], names);
    }

    [Fact]
    public void ExtractsFilesFoldersAndExecutableBits()
    {
        _tree.File("src/bin/tool", "x").File("src/readme.md", "hello").Folder("src/empty");
        File.SetUnixFileMode(_tree["src/bin/tool"], (UnixFileMode)0b111_101_101);
        DeterministicArchive.WriteTarGz(_tree["src"], _tree["a.tar.gz"]);

        var entries = SafeArchiveExtractor.Extract(_tree["a.tar.gz"], _tree["out"]);

        Assert.Equal(["bin", "bin/tool", "empty", "readme.md"], entries.Select(e => e.Path));
        Assert.Equal("hello", File.ReadAllText(_tree["out/readme.md"]));
        Assert.True(Directory.Exists(_tree["out/empty"]));
        Assert.Equal((UnixFileMode)0b111_101_101, File.GetUnixFileMode(_tree["out/bin/tool"]));
        Assert.Equal((UnixFileMode)0b110_100_100, File.GetUnixFileMode(_tree["out/readme.md"]));
    }

    [Fact]
    public void RefusesToArchiveALinkOrAFifo()
    {
        _tree.File("bundle/a.txt").Link("bundle/link", "/etc/passwd");
        var ex = Assert.Throws<ArchiveException>(() => DeterministicArchive.WriteTarGz(_tree["bundle"], _tree["a.tar.gz"]));
        Assert.Contains("is a link", ex.Message, StringComparison.Ordinal);

        File.Delete(_tree["bundle/link"]);
        using (var mkfifo = Process.Start("mkfifo", _tree["bundle/pipe"]))
        {
            Assert.True(mkfifo.WaitForExit(10_000));
        }

        ex = Assert.Throws<ArchiveException>(() => DeterministicArchive.WriteTarGz(_tree["bundle"], _tree["a.tar.gz"]));
        Assert.Contains("not a regular file", ex.Message, StringComparison.Ordinal);
        Assert.False(File.Exists(_tree["a.tar.gz"]));
    }

    public static TheoryData<string, string> Malicious => new()
    {
        { "dotdot", "'..' segment" },
        { "nested-dotdot", "'..' segment" },
        { "absolute", "absolute" },
        { "drive", "absolute" },
        { "symlink", "symbolic link" },
        { "hardlink", "hard link" },
        { "chardevice", "is a device" },
        { "blockdevice", "is a device" },
        { "fifo", "is a FIFO" },
        { "duplicate", "collides" },
        { "case", "collides" },
        { "file-then-child", "needs 'd' to be a folder" },
        { "child-then-file", "collides" },
        { "control", "character U+0001" },
        { "backslash", "character U+005C" },
        { "reserved", "reserved device name" },
        { "long-segment", "longer than 255 bytes" },
        { "reserved-state", "reserved (the updater's state)" },
    };

    [Theory]
    [MemberData(nameof(Malicious))]
    public void RefusesAMaliciousArchiveWholeBeforeWritingAnything(string kind, string reason)
    {
        var archive = _tree["evil.tar.gz"];
        WriteArchive(archive, writer =>
        {
            // Harmless entries first: a partial extraction would write them.
            writer.WriteEntry(Entry("good.txt", "good"));
            writer.WriteEntry(new PaxTarEntry(TarEntryType.Directory, "dir/"));
            switch (kind)
            {
                case "dotdot": writer.WriteEntry(Entry("../escaped.txt")); break;
                case "nested-dotdot": writer.WriteEntry(Entry("dir/../../escaped.txt")); break;
                case "absolute": writer.WriteEntry(Entry(_tree["escaped.txt"])); break;
                case "drive": writer.WriteEntry(Entry("C:/escaped.txt")); break;
                case "symlink": writer.WriteEntry(new PaxTarEntry(TarEntryType.SymbolicLink, "dir/link") { LinkName = _tree.Root }); break;
                case "hardlink": writer.WriteEntry(new PaxTarEntry(TarEntryType.HardLink, "dir/hard") { LinkName = "good.txt" }); break;
                case "chardevice": writer.WriteEntry(new PaxTarEntry(TarEntryType.CharacterDevice, "dir/null") { DeviceMajor = 1, DeviceMinor = 3 }); break;
                case "blockdevice": writer.WriteEntry(new PaxTarEntry(TarEntryType.BlockDevice, "dir/sda") { DeviceMajor = 8, DeviceMinor = 0 }); break;
                case "fifo": writer.WriteEntry(new PaxTarEntry(TarEntryType.Fifo, "dir/pipe")); break;
                case "duplicate": writer.WriteEntry(Entry("good.txt", "evil")); break;
                case "case": writer.WriteEntry(Entry("GOOD.txt", "evil")); break;
                case "file-then-child": writer.WriteEntry(Entry("d")); writer.WriteEntry(Entry("d/x")); break;
                case "child-then-file": writer.WriteEntry(Entry("e/x")); writer.WriteEntry(Entry("e")); break;
                case "control": writer.WriteEntry(Entry("dir/a\u0001b")); break;
                case "backslash": writer.WriteEntry(Entry("dir\\..\\..\\escaped.txt")); break;
                case "reserved": writer.WriteEntry(Entry("dir/aux.txt")); break;
                case "long-segment": writer.WriteEntry(Entry("dir/" + new string('n', 256))); break;
                case "reserved-state": writer.WriteEntry(Entry(".AEUPDATER/installed.json")); break;
                default: throw new ArgumentOutOfRangeException(nameof(kind));
            }
        });

        var target = _tree["target"];
        var ex = Assert.Throws<ArchiveException>(() => SafeArchiveExtractor.Extract(archive, target, reservedNames: [".aeupdater"]));

        Assert.Contains(reason, ex.Message, StringComparison.Ordinal);
        Assert.False(Directory.Exists(target));
        Assert.False(System.IO.File.Exists(_tree["escaped.txt"]));
        Assert.False(System.IO.File.Exists(Path.Join(Path.GetDirectoryName(_tree.Root), "escaped.txt")));
    }

    [Fact]
    public void RefusesAnArchiveOverTheLimits()
    {
        var archive = _tree["big.tar.gz"];
        WriteArchive(archive, writer =>
        {
            for (var i = 0; i < 5; i++)
            {
                writer.WriteEntry(Entry($"f{i}.txt", "0123456789"));
            }
        });

        var ex = Assert.Throws<ArchiveException>(() => SafeArchiveExtractor.Extract(archive, _tree["t1"], new ArchiveLimits { MaxEntries = 4 }));
        Assert.Contains("more than 4 entries", ex.Message, StringComparison.Ordinal);
        ex = Assert.Throws<ArchiveException>(() => SafeArchiveExtractor.Extract(archive, _tree["t2"], new ArchiveLimits { MaxTotalBytes = 45 }));
        Assert.Contains("more than 45 bytes", ex.Message, StringComparison.Ordinal);
        ex = Assert.Throws<ArchiveException>(() => SafeArchiveExtractor.Extract(archive, _tree["t3"], new ArchiveLimits { MaxPathBytes = 5 }));
        Assert.Contains("longer than 5 bytes", ex.Message, StringComparison.Ordinal);
        Assert.False(Directory.Exists(_tree["t1"]) || Directory.Exists(_tree["t2"]) || Directory.Exists(_tree["t3"]));
        Assert.Equal(5, SafeArchiveExtractor.Extract(archive, _tree["t4"]).Count);
    }

    [Fact]
    public void RefusesATruncatedArchive()
    {
        _tree.File("src/a.bin", new byte[100_000]);
        DeterministicArchive.WriteTarGz(_tree["src"], _tree["a.tar.gz"]);
        var bytes = System.IO.File.ReadAllBytes(_tree["a.tar.gz"]);
        System.IO.File.WriteAllBytes(_tree["cut.tar.gz"], bytes[..(bytes.Length / 2)]);

        Assert.Throws<ArchiveException>(() => SafeArchiveExtractor.Extract(_tree["cut.tar.gz"], _tree["out"]));
        Assert.False(Directory.Exists(_tree["out"]));
    }

    private static PaxTarEntry Entry(string name, string content = "x") =>
        new(TarEntryType.RegularFile, name) { DataStream = new MemoryStream(System.Text.Encoding.UTF8.GetBytes(content)) };

    private static void WriteArchive(string path, Action<TarWriter> write)
    {
        using var file = System.IO.File.Create(path);
        using var gzip = new GZipStream(file, CompressionLevel.Fastest);
        using var writer = new TarWriter(gzip, TarEntryFormat.Pax);
        write(writer);
    }
}
