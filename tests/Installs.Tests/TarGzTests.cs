using System.Formats.Tar;
using System.IO.Compression;
using AeUpdater.Installs.Tests.Support;

namespace AeUpdater.Installs.Tests;

/// <summary>Installing from a .tar.gz: a good archive starts; a crafted one is refused whole before anything is written.</summary>
public sealed class TarGzTests : IDisposable
{
    private readonly InstallSandbox _sandbox = new();

    [Fact]
    public void Install_TarGzOfTheApp_InstalledWithModesAndStarts()
    {
        _sandbox.InstallVersion("1.0.0");
        var archive = _sandbox.Tree.PathOf("demo-1.1.0.tar.gz");
        using (var file = File.Create(archive))
        using (var gzip = new GZipStream(file, CompressionLevel.Fastest))
        {
            TarFile.CreateFromDirectory(_sandbox.Source("1.1.0"), gzip, includeBaseDirectory: false);
        }

        var report = _sandbox.Installer().Install(archive, "1.1.0", InstallSandbox.Entry);

        Assert.True(report.Outcome == InstallOutcome.Installed, report.Error);
        Assert.Equal("1.1.0", _sandbox.Launch().Version);
    }

    public static TheoryData<string, string> BadArchives => new()
    {
        { "dotdot", "contains '..'" },
        { "absolute", "is absolute" },
        { "symlink", "is a symbolic link" },
        { "hardlink", "is a hard link" },
        { "fifo", "is a FIFO" },
        { "chardev", "is a character device" },
        { "duplicate", "appears twice" },
        { "long", "longer than 1024 characters" },
        { "longname", "longer than 255 bytes" },
        { "file-under-file", "which is a file" },
        { "too-many", "has more than 5 entries" },
        { "too-big", "unpacks to more than 100000 bytes" },
        { "truncated", "is not a readable .tar.gz" },
    };

    [Theory]
    [MemberData(nameof(BadArchives))]
    public void Install_CraftedArchive_RefusedWholeNothingWritten(string kind, string expected)
    {
        _sandbox.InstallVersion("1.0.0");
        var before = _sandbox.Snapshot();
        var archive = Craft(kind);
        var options = _sandbox.Options();
        options.MaxArchiveEntries = 5;
        options.MaxArchiveBytes = 100_000;
        var steps = new List<string>();
        options.StepHook = steps.Add;

        var report = new AppInstaller(options).Install(archive, "1.1.0", InstallSandbox.Entry);

        Assert.Equal(InstallOutcome.Failed, report.Outcome);
        Assert.Contains(expected, report.Error, StringComparison.Ordinal);
        Assert.DoesNotContain("install:staging-created", steps);
        Assert.Equal(before, _sandbox.Snapshot());
        Assert.False(File.Exists(_sandbox.Tree.PathOf("evil")));
        Assert.Equal("1.0.0", _sandbox.Launch().Version);
    }

    private string Craft(string kind)
    {
        var path = _sandbox.Tree.PathOf(kind + ".tar.gz");
        using (var file = File.Create(path))
        using (var gzip = new GZipStream(file, CompressionLevel.Fastest))
        using (var tar = new TarWriter(gzip, TarEntryFormat.Pax))
        {
            AddFile(tar, InstallSandbox.Entry, "#!/bin/sh\n");
            switch (kind)
            {
                case "dotdot":
                    AddFile(tar, "sub/../../evil", "x");
                    break;
                case "absolute":
                    AddFile(tar, "/tmp/evil", "x");
                    break;
                case "symlink":
                    tar.WriteEntry(new PaxTarEntry(TarEntryType.SymbolicLink, "link") { LinkName = "/etc/passwd" });
                    break;
                case "hardlink":
                    tar.WriteEntry(new PaxTarEntry(TarEntryType.HardLink, "hard") { LinkName = "/etc/passwd" });
                    break;
                case "fifo":
                    tar.WriteEntry(new PaxTarEntry(TarEntryType.Fifo, "pipe"));
                    break;
                case "chardev":
                    tar.WriteEntry(new PaxTarEntry(TarEntryType.CharacterDevice, "null") { DeviceMajor = 1, DeviceMinor = 3 });
                    break;
                case "duplicate":
                    AddFile(tar, "a.txt", "one");
                    AddFile(tar, "./a.txt", "two");
                    break;
                case "long":
                    AddFile(tar, string.Join('/', Enumerable.Repeat(new string('d', 100), 11)), "x");
                    break;
                case "longname":
                    AddFile(tar, new string('n', 256), "x");
                    break;
                case "file-under-file":
                    AddFile(tar, "a", "x");
                    AddFile(tar, "a/b", "x");
                    break;
                case "too-many":
                    for (var i = 0; i < 5; i++)
                    {
                        AddFile(tar, $"f{i}", "x");
                    }

                    break;
                case "too-big":
                    AddFile(tar, "big.bin", new string('b', 100_001));
                    break;
                default:
                    AddFile(tar, "data.bin", new string('t', 50_000));
                    break;
            }
        }

        if (kind == "truncated")
        {
            var bytes = File.ReadAllBytes(path);
            File.WriteAllBytes(path, bytes[..(bytes.Length / 2)]);
        }

        return path;
    }

    private static void AddFile(TarWriter tar, string name, string content)
    {
        var entry = new PaxTarEntry(TarEntryType.RegularFile, name)
        {
            DataStream = new MemoryStream(System.Text.Encoding.UTF8.GetBytes(content)),
            Mode = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute,
        };
        tar.WriteEntry(entry);
    }

    public void Dispose() => _sandbox.Dispose();
}
