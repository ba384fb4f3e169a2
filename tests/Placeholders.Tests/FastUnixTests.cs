using System.Text;

namespace AeUpdater.Placeholders.Tests;

/// <summary>
/// <see cref="FastUnix"/> gives exactly what the .NET calls it stands in for give (<see cref="Directory.Exists"/>,
/// <see cref="Directory.GetCurrentDirectory"/>, <see cref="Encoding.UTF8"/>), on real files and folders.
/// </summary>
public sealed class FastUnixTests : IDisposable
{
    private readonly TempDirectory _temp = TempDirectory.Create();

    public void Dispose() => _temp.Dispose();

    [Fact]
    public void DirectoryExists_SaysWhatDirectoryExistsSays()
    {
        _temp.File("file.txt", "x").File("dir/inner.txt", "y").File("naïve dir/ü.txt", "z");
        Directory.CreateDirectory(_temp.Combine("locked"));
        var paths = new List<string>
        {
            _temp.Path, _temp.Combine("dir"), _temp.Combine("file.txt"), _temp.Combine("missing"), _temp.Combine("file.txt", "below"),
            _temp.Combine("naïve dir"), _temp.Combine("locked"), _temp.Path + "/dir/", "", ".", "..", "dir", "no such relative",
            _temp.Path + "/with\0nul", "/" + new string('a', 5000), _temp.Path + "/" + string.Join('/', Enumerable.Repeat("x", 2100)),
        };
        if (!OperatingSystem.IsWindows())
        {
            File.CreateSymbolicLink(_temp.Combine("link-to-dir"), _temp.Combine("dir"));
            File.CreateSymbolicLink(_temp.Combine("link-to-file"), _temp.Combine("file.txt"));
            File.CreateSymbolicLink(_temp.Combine("dangling"), _temp.Combine("gone"));
            File.CreateSymbolicLink(_temp.Combine("loop-a"), _temp.Combine("loop-b"));
            File.CreateSymbolicLink(_temp.Combine("loop-b"), _temp.Combine("loop-a"));
            File.SetUnixFileMode(_temp.Combine("locked"), UnixFileMode.None);
            paths.Add(_temp.Combine("link-to-dir"));
            paths.Add(_temp.Combine("link-to-file"));
            paths.Add(_temp.Combine("dangling"));
            paths.Add(_temp.Combine("loop-a"));
        }

        try
        {
            foreach (var path in paths)
            {
                Assert.True(Directory.Exists(path) == FastUnix.DirectoryExists(path), $"'{path}': Directory.Exists says {Directory.Exists(path)}");
            }
        }
        finally
        {
            if (!OperatingSystem.IsWindows())
            {
                File.SetUnixFileMode(_temp.Combine("locked"), UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
            }
        }
    }

    [Fact]
    public void DirectoryExists_ExistingAndMissing_AreTold()
    {
        // Not only equal to Directory.Exists: the answers themselves (a broken stand-in and a broken .NET would agree).
        Assert.True(FastUnix.DirectoryExists(_temp.Path));
        Assert.False(FastUnix.DirectoryExists(_temp.Combine("missing")));
    }

    [Fact]
    public void GetCurrentDirectory_IsTheProcessCurrentDirectory() =>
        Assert.Equal(Directory.GetCurrentDirectory(), FastUnix.GetCurrentDirectory());

    [Fact]
    public void AnyEntry_TestsEveryNameButDotAndDotDot_AndTellsWhenItCannotList()
    {
        _temp.File("plain.txt", "x").File("ünï/a.txt", "y").File(".hidden", "z");
        var seen = new List<string>();
        var found = FastUnix.AnyEntry(_temp.Path, name =>
        {
            lock (seen)
            {
                seen.Add(Encoding.UTF8.GetString(name));
            }

            return false;
        });

        if (!FastUnix.Supported)
        {
            Assert.Null(found);
            return;
        }

        Assert.False(found);
        Assert.Equal([".hidden", "plain.txt", "ünï"], seen.Order(StringComparer.Ordinal));
        Assert.True(FastUnix.AnyEntry(_temp.Path, name => name.SequenceEqual("ünï"u8)));
        Assert.Null(FastUnix.AnyEntry(_temp.Combine("missing"), _ => true));
        Assert.Null(FastUnix.AnyEntry(_temp.Combine("plain.txt"), _ => true));
    }

    public static TheoryData<string> Texts => new()
    {
        "", "/plain/ascii path", "naïve/ünïcödé", "名前/フォルダ", "emoji 😀", "lone \ud800 surrogate", "tail \udc00", "\u007f\u0080\u00ff",
    };

    [Theory]
    [MemberData(nameof(Texts))]
    public void Encode_IsUtf8WithATerminatingNul(string text)
    {
        byte[] expected = [.. Encoding.UTF8.GetBytes(text), 0];

        Assert.Equal(expected, FastUnix.Encode(text));
        var buffer = new byte[expected.Length + 8];
        Assert.True(FastUnix.TryEncode(text, buffer));
        Assert.Equal(expected, buffer[..expected.Length]);
        Assert.False(FastUnix.TryEncode(text, new byte[expected.Length - 1]));
    }

    [Fact]
    public void TryEncode_RefusesANul() => Assert.False(FastUnix.TryEncode("a\0b", new byte[16]));

    public static TheoryData<byte[]> ByteStrings => new()
    {
        Array.Empty<byte>(),
        "/plain/ascii"u8.ToArray(),
        Encoding.UTF8.GetBytes("naïve/名前/😀"),
        new byte[] { 0x61, 0xff, 0x62 },
        new byte[] { 0xc3 },
        new byte[] { 0xe6, 0x97 },
        new byte[] { 0xed, 0xa0, 0x80 },
        new byte[] { 0x7f, 0x80, 0x41 },
    };

    [Theory]
    [MemberData(nameof(ByteStrings))]
    public void Decode_IsWhatUtf8Decodes(byte[] bytes) =>
        Assert.Equal(Encoding.UTF8.GetString(bytes), FastUnix.Decode(bytes));

    [Fact]
    public void TryStatDirectory_SaysWhatDirectoryExistsSays_AndStampsOnlyFolders()
    {
        _temp.File("file.txt", "x").File("dir/inner.txt", "y");
        if (!FastUnix.Supported)
        {
            Assert.Null(FastUnix.TryStatDirectory(_temp.Path, out _));
            return;
        }

        Assert.True(FastUnix.TryStatDirectory(_temp.Combine("dir"), out var stamp));
        Assert.True(stamp.IsKnown);
        Assert.False(FastUnix.TryStatDirectory(_temp.Combine("file.txt"), out var ofFile));
        Assert.False(ofFile.IsKnown);
        Assert.False(FastUnix.TryStatDirectory(_temp.Combine("missing"), out _));
        Assert.False(FastUnix.TryStatDirectory(_temp.Combine("file.txt", "below"), out _));

        // A link to a folder is that folder: the same stamp, as stat follows it.
        File.CreateSymbolicLink(_temp.Combine("link"), _temp.Combine("dir"));
        Assert.True(FastUnix.TryStatDirectory(_temp.Combine("link"), out var ofLink));
        Assert.True(stamp.IsSameAs(ofLink));
    }

    [Fact]
    public void TryStatDirectory_StampChanges_WithEveryChangeOfTheFolderNames()
    {
        if (!FastUnix.Supported)
        {
            return;
        }

        var folder = _temp.Combine("root");
        Directory.CreateDirectory(folder);
        var outside = _temp.Combine("outside");
        Directory.CreateDirectory(outside);
        Assert.True(Stamp(folder).IsSameAs(Stamp(folder)));

        // Each step changes the names in the folder; each must give another stamp. The steps are 20 ms apart: two changes
        // within one tick of the kernel's coarse clock (a jiffy, at most 10 ms) may get the same times, which is why
        // NoWorkCache reuses an answer only for a folder last changed seconds before it was stamped.
        var steps = new (string What, Action Do)[]
        {
            ("a file created", () => File.WriteAllText(Path.Join(folder, "a.txt"), "a")),
            ("a folder created", () => Directory.CreateDirectory(Path.Join(folder, "ae_updater_copies"))),
            ("an entry renamed", () => Directory.Move(Path.Join(folder, "ae_updater_copies"), Path.Join(folder, "ae_updater_moves"))),
            ("an entry moved in", () => File.Move(Path.Join(outside, "in.txt"), Path.Join(folder, "ae_updater.dll"))),
            ("an entry moved out", () => File.Move(Path.Join(folder, "a.txt"), Path.Join(outside, "a.txt"))),
            ("an entry deleted", () => Directory.Delete(Path.Join(folder, "ae_updater_moves"))),
            ("a link created", () => File.CreateSymbolicLink(Path.Join(folder, "ae_pre_app_run.dll"), outside)),
        };
        foreach (var (what, step) in steps)
        {
            if (what == "an entry moved in")
            {
                File.WriteAllText(Path.Join(outside, "in.txt"), "in");
            }

            Thread.Sleep(20);
            var before = Stamp(folder);
            step();
            var after = Stamp(folder);
            Assert.False(before.IsSameAs(after), $"{what}: the stamp did not change");
            Assert.Equal(before.Device, after.Device);
            Assert.Equal(before.Inode, after.Inode);
        }

        // The same path, another folder: another inode.
        Thread.Sleep(20);
        var old = Stamp(folder);
        Directory.Move(folder, _temp.Combine("old-root"));
        Directory.CreateDirectory(folder);
        Assert.NotEqual(old.Inode, Stamp(folder).Inode);
    }

    [Fact]
    public void AnyEntry_StampsTheFolderItRead()
    {
        _temp.File("dir/inner.txt", "x");
        if (!FastUnix.Supported)
        {
            return;
        }

        Assert.False(FastUnix.AnyEntry(_temp.Combine("dir"), _ => false, out var listed));
        Assert.True(FastUnix.TryStatDirectory(_temp.Combine("dir"), out var stamp));
        Assert.True(listed.IsKnown);
        Assert.True(listed.IsSameAs(stamp));

        Assert.Null(FastUnix.AnyEntry(_temp.Combine("missing"), _ => true, out var none));
        Assert.False(none.IsKnown);
    }

    [Fact]
    public void HasTrustedFolderTimes_IsTheFileSystemTypeOfThePath()
    {
        if (!FastUnix.Supported)
        {
            Assert.False(FastUnix.HasTrustedFolderTimes(_temp.Path));
            return;
        }

        // procfs: its folders' times say nothing of their entries.
        Assert.False(FastUnix.HasTrustedFolderTimes("/proc/self"));
        Assert.False(FastUnix.HasTrustedFolderTimes(_temp.Combine("missing")));

        // The temporary folder's file system as stat(1) names it (hex f_type), against the list the product trusts.
        var type = Convert.ToInt64(Run("stat", "-f", "-c", "%t", _temp.Path).Trim(), 16);
        long[] trusted = [0xEF53, 0x58465342, 0x9123683E, 0x01021994, 0xF2F52010, 0x2FC12FC1];
        Assert.Equal(trusted.Contains(type), FastUnix.HasTrustedFolderTimes(_temp.Path));
        if (Directory.Exists("/dev/shm") && Convert.ToInt64(Run("stat", "-f", "-c", "%t", "/dev/shm").Trim(), 16) == 0x01021994)
        {
            Assert.True(FastUnix.HasTrustedFolderTimes("/dev/shm"));
        }
    }

    private static DirectoryStamp Stamp(string folder)
    {
        Assert.True(FastUnix.TryStatDirectory(folder, out var stamp), folder);
        Assert.True(stamp.IsKnown, folder);
        return stamp;
    }

    private static string Run(string file, params string[] arguments)
    {
        var start = new System.Diagnostics.ProcessStartInfo(file) { RedirectStandardOutput = true };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = System.Diagnostics.Process.Start(start)!;
        var output = process.StandardOutput.ReadToEnd();
        Assert.True(process.WaitForExit(10_000), file);
        Assert.Equal(0, process.ExitCode);
        return output;
    }
}
