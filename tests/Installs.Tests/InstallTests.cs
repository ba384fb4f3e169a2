using System.Security.Cryptography;
using AeUpdater.Installs.Tests.Support;

namespace AeUpdater.Installs.Tests;

/// <summary>Installing a version from a folder: the layout, the manifest, the checks, the launcher set-up.</summary>
public sealed class InstallTests : IDisposable
{
    private readonly InstallSandbox _sandbox = new();

    [Fact]
    public void Install_Folder_ManifestListsEveryFileWithSizeAndSha256AndCompleteIsMarked()
    {
        var source = _sandbox.Source("1.0.0");

        var report = _sandbox.Installer().Install(source, "1.0.0", InstallSandbox.Entry);

        Assert.Equal(InstallOutcome.Installed, report.Outcome);
        Assert.True(report.LauncherUpdated);
        Assert.True(File.Exists(_sandbox.Launcher));
        var folder = _sandbox.VersionFolder("1.0.0");
        Assert.Equal(folder, report.Folder);
        var lines = File.ReadAllLines(Path.Join(folder, ".aeupdater-version", "manifest"));
        Assert.Equal(["aeupdater-manifest 1", "name demo", "version 1.0.0", "rid " + InstallSandbox.Rid, "entry " + InstallSandbox.Entry], lines[..5]);
        var sourceFiles = Directory.GetFiles(source, "*", SearchOption.AllDirectories).Select(f => Path.GetRelativePath(source, f)).Order(StringComparer.Ordinal).ToList();
        var listed = lines[5..].Select(l => l.Split(' ', 4)).ToList();
        Assert.Equal(sourceFiles, listed.Select(f => f[3]));
        foreach (var file in listed)
        {
            var bytes = File.ReadAllBytes(Path.Join(folder, file[3]));
            Assert.Equal(bytes.Length.ToString(System.Globalization.CultureInfo.InvariantCulture), file[1]);
            Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(bytes)), file[2]);
        }

        Assert.True(File.Exists(Path.Join(folder, ".aeupdater-version", "complete")));
        Assert.Empty(Directory.GetFileSystemEntries(Path.Join(_sandbox.AppData, "updates")));
        Assert.Equal(report.Files, sourceFiles.Count);
    }

    [Fact]
    public void Install_SameVersionAgain_AlreadyInstalledNothingChanged()
    {
        _sandbox.InstallVersion("1.0.0");
        var before = _sandbox.Snapshot();

        var report = _sandbox.Installer().Install(_sandbox.Source("1.0.0"), "1.0.0", InstallSandbox.Entry);

        Assert.Equal(InstallOutcome.AlreadyInstalled, report.Outcome);
        Assert.Equal(before, _sandbox.Snapshot());
    }

    [Fact]
    public void Install_SymlinkInSource_RefusedAndNothingChanged()
    {
        _sandbox.InstallVersion("1.0.0");
        var before = _sandbox.Snapshot();
        var source = _sandbox.Source("1.1.0");
        File.CreateSymbolicLink(Path.Join(source, "passwd"), "/etc/passwd");

        var report = _sandbox.Installer().Install(source, "1.1.0", InstallSandbox.Entry);

        Assert.Equal(InstallOutcome.Failed, report.Outcome);
        Assert.Contains("passwd' is a symbolic link", report.Error, StringComparison.Ordinal);
        Assert.Equal(before, _sandbox.Snapshot());
    }

    [Fact]
    public void Install_FifoInSource_RefusedWithoutBlocking()
    {
        var source = _sandbox.Source("1.0.0");
        using (var mkfifo = System.Diagnostics.Process.Start("mkfifo", Path.Join(source, "pipe")))
        {
            Assert.True(mkfifo.WaitForExit(TimeSpan.FromSeconds(10)));
        }

        var report = _sandbox.Installer().Install(source, "1.0.0", InstallSandbox.Entry);

        Assert.Equal(InstallOutcome.Failed, report.Outcome);
        Assert.Contains("pipe' is not a regular file", report.Error, StringComparison.Ordinal);
        Assert.False(Directory.Exists(_sandbox.VersionFolder("1.0.0")));
    }

    [Theory]
    [InlineData("1.0", "is not a SemVer 2.0 version")]
    [InlineData("01.0.0", "is not a SemVer 2.0 version")]
    public void Install_BadVersion_Refused(string version, string expected)
    {
        var report = _sandbox.Installer().Install(_sandbox.Source("1.0.0"), version, InstallSandbox.Entry);

        Assert.Equal(InstallOutcome.Failed, report.Outcome);
        Assert.Contains(expected, report.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void Install_EntryNotInVersion_RefusedWithTheName()
    {
        var report = _sandbox.Installer().Install(_sandbox.Source("1.0.0"), "1.0.0", "bin/missing");

        Assert.Equal(InstallOutcome.Failed, report.Outcome);
        Assert.Contains("the entry 'bin/missing' is not a file of the version", report.Error, StringComparison.Ordinal);
        Assert.False(Directory.Exists(_sandbox.VersionFolder("1.0.0")));
        Assert.Empty(Directory.GetFileSystemEntries(Path.Join(_sandbox.AppData, "updates")));
    }

    [Fact]
    public void Install_EntryNotExecutable_Refused()
    {
        var report = _sandbox.Installer().Install(_sandbox.Source("1.0.0"), "1.0.0", "version.txt");

        Assert.Equal(InstallOutcome.Failed, report.Outcome);
        Assert.Contains("the entry 'version.txt' is not executable", report.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void Install_ShippedManifestDisagrees_RefusedWithTheFile()
    {
        _sandbox.InstallVersion("1.0.0");
        var shipped = File.ReadAllText(Path.Join(_sandbox.VersionFolder("1.0.0"), ".aeupdater-version", "manifest"));
        var source = _sandbox.Source("1.0.1");
        Directory.CreateDirectory(Path.Join(source, ".aeupdater-version"));
        File.WriteAllText(Path.Join(source, ".aeupdater-version", "manifest"), shipped.Replace("version 1.0.0", "version 1.0.1", StringComparison.Ordinal));

        var report = _sandbox.Installer().Install(source, "1.0.1", InstallSandbox.Entry);

        Assert.Equal(InstallOutcome.Failed, report.Outcome);
        Assert.Contains("'version.txt' differs from the version's manifest", report.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void Install_ShippedManifestMatches_InstalledWithItsEntry()
    {
        _sandbox.InstallVersion("1.0.0");
        var copy = _sandbox.Tree.PathOf("copy-of-1.0.0");
        _sandbox.Tree.CopyFrom(_sandbox.VersionFolder("1.0.0"), "copy-of-1.0.0");
        var installed = _sandbox.Tree.PathOf("other");

        var report = new AppInstaller(new InstallOptions { InstallDirectory = installed, AppName = "demo", LauncherDirectory = InstallSandbox.LauncherFolder })
            .Install(copy, "1.0.0");

        Assert.Equal(InstallOutcome.Installed, report.Outcome);
        var control = Path.Join(installed, "appdata", Path.GetFileName(_sandbox.VersionFolder("1.0.0")), ".aeupdater-version");
        Assert.Contains("entry " + InstallSandbox.Entry, File.ReadAllLines(Path.Join(control, "manifest")));
        Assert.False(File.Exists(Path.Join(control, "healthy")), "state files of the source are never copied");
    }

    [Fact]
    public void Options_Invalid_OneExceptionListsEveryError()
    {
        var e = Assert.Throws<ArgumentException>(() => new AppInstaller(new InstallOptions { AppName = "a/b", RuntimeIdentifier = "linux.x64" }));

        Assert.Contains("InstallDirectory is required", e.Message, StringComparison.Ordinal);
        Assert.Contains("AppName 'a/b'", e.Message, StringComparison.Ordinal);
        Assert.Contains("RuntimeIdentifier 'linux.x64'", e.Message, StringComparison.Ordinal);
    }

    public void Dispose() => _sandbox.Dispose();
}
