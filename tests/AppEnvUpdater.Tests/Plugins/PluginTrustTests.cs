using System.Runtime.InteropServices;
using System.Text;
using AeUpdater.Plugins;
using AeUpdater.Tests.TestSupport;

namespace AeUpdater.Tests.Plugins;

// The checks apply on Unix only; on Windows these tests have nothing to check and return early.
public sealed class PluginTrustTests
{
    private const uint OtherUserId = 4242;

    [Theory]
    [InlineData("ae_updater.dll", UnixFileMode.GroupWrite, "writable by its group")]
    [InlineData("ae_updater.dll", UnixFileMode.OtherWrite, "writable by others")]
    [InlineData("", UnixFileMode.OtherWrite, "writable by others")]
    [InlineData("", UnixFileMode.GroupWrite | UnixFileMode.OtherWrite, "writable by its group and by others")]
    public void Run_RootFormWritableByOthers_RefusedNamingPath(string path, UnixFileMode extra, string problem)
    {
        if (OperatingSystem.IsWindows())
        {
            return;
        }

        using var tree = TempTree.Create().WithPluginInRoot(TestPlugins.ReturnsTrue);
        AddMode(tree.PathOf(path), extra);

        var report = PluginRunner.Run(PluginKind.OneShot, TestPlugins.Request(tree));

        Assert.NotNull(report);
        Assert.False(report.Ran);
        Assert.Contains($"{tree.PathOf(path)} is {problem}", report.Error, StringComparison.Ordinal);
        Assert.True(tree.FileExists("ae_updater.dll"));
    }

    [Theory]
    [InlineData("ae_updater")]
    [InlineData("ae_updater/ae_updater.dll")]
    [InlineData("ae_updater/ae_updater.deps.json")]
    public void Run_FolderFormWritableByOthers_Refused(string path)
    {
        if (OperatingSystem.IsWindows())
        {
            return;
        }

        using var tree = TempTree.Create().WithPluginFolder(TestPlugins.ReturnsTrue);
        AddMode(tree.PathOf(path), UnixFileMode.OtherWrite);

        var report = PluginRunner.Run(PluginKind.OneShot, TestPlugins.Request(tree));

        Assert.NotNull(report);
        Assert.False(report.Ran);
        Assert.Contains(tree.PathOf(path), report.Error, StringComparison.Ordinal);
        Assert.True(tree.FolderExists("ae_updater"));
    }

    [Theory]
    [InlineData(UnixFileMode.GroupWrite, "writable by its group")]
    [InlineData(UnixFileMode.OtherWrite | UnixFileMode.StickyBit, "writable by others")]
    public void Run_FolderFormInRootOthersCanWrite_Refused(UnixFileMode extra, string problem)
    {
        if (OperatingSystem.IsWindows())
        {
            return;
        }

        // Whoever can write the root can rename the plugin's folder away and put another in its place.
        using var tree = TempTree.Create().WithPluginFolder(TestPlugins.ReturnsTrue);
        AddMode(tree.Root, extra);

        var report = PluginRunner.Run(PluginKind.OneShot, TestPlugins.Request(tree));

        Assert.NotNull(report);
        Assert.False(report.Ran);
        Assert.Contains($"{tree.Root} is {problem}", report.Error, StringComparison.Ordinal);
        Assert.True(tree.FileExists("ae_updater/ae_updater.dll"));
    }

    [Fact]
    public void Run_WritableByOthersButTrustAnyPlugin_Runs()
    {
        if (OperatingSystem.IsWindows())
        {
            return;
        }

        using var tree = TempTree.Create().WithPluginInRoot(TestPlugins.ReturnsTrue);
        AddMode(tree.Root, UnixFileMode.GroupWrite | UnixFileMode.OtherWrite);
        AddMode(tree.PathOf("ae_updater.dll"), UnixFileMode.GroupWrite | UnixFileMode.OtherWrite);

        var report = PluginRunner.Run(PluginKind.OneShot, TestPlugins.Request(tree, trustAnyPlugin: true));

        Assert.NotNull(report);
        Assert.Null(report.Error);
        Assert.True(report.Deleted);
    }

    [Fact]
    public void Run_DryRunOfUntrustedPlugin_RefusedAsTheRealRunWouldBe()
    {
        if (OperatingSystem.IsWindows())
        {
            return;
        }

        using var tree = TempTree.Create().WithPluginInRoot(TestPlugins.ReturnsTrue);
        AddMode(tree.PathOf("ae_updater.dll"), UnixFileMode.OtherWrite);

        var report = PluginRunner.Run(PluginKind.OneShot, TestPlugins.Request(tree, dryRun: true));

        Assert.NotNull(report);
        Assert.True(report.Failed);
        Assert.False(report.Ran);
    }

    [Fact]
    public void Run_SymlinkedPlugin_Refused()
    {
        if (OperatingSystem.IsWindows())
        {
            return;
        }

        using var elsewhere = TempTree.Create().WithPluginInRoot(TestPlugins.ReturnsTrue);
        using var tree = TempTree.Create();
        File.CreateSymbolicLink(tree.PathOf("ae_updater.dll"), elsewhere.PathOf("ae_updater.dll"));

        var report = PluginRunner.Run(PluginKind.OneShot, TestPlugins.Request(tree));

        Assert.NotNull(report);
        Assert.Contains($"{tree.PathOf("ae_updater.dll")} is a symbolic link", report.Error, StringComparison.Ordinal);
        Assert.True(elsewhere.FileExists("ae_updater.dll"));
    }

    [Fact]
    public void TryGetOwner_FileJustCreated_IsThisProcessUser()
    {
        if (OperatingSystem.IsWindows())
        {
            return;
        }

        using var tree = TempTree.Create().File("a.txt", "x");

        Assert.True(UnixFileOwner.TryGetOwner(tree.PathOf("a.txt"), out var owner, out var error), error);
        Assert.Equal(UnixFileOwner.EffectiveUserId(), owner);
        Assert.True(UnixFileOwner.TryGetOwner("/", out var rootOwner, out _));
        Assert.Equal(PluginTrust.RootUserId, rootOwner);
    }

    [Fact]
    public void TryGetOwner_Missing_FalseWithReason()
    {
        if (OperatingSystem.IsWindows())
        {
            return;
        }

        using var tree = TempTree.Create();

        Assert.False(UnixFileOwner.TryGetOwner(tree.PathOf("missing"), out _, out var error));
        Assert.Contains(tree.PathOf("missing"), error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(1000u, 1000u, true)]
    [InlineData(0u, 1000u, true)]
    [InlineData(0u, 0u, true)]
    [InlineData(1001u, 1000u, false)]
    [InlineData(1000u, 0u, false)]
    public void IsAcceptableOwner_Table(uint owner, uint effectiveUserId, bool expected) =>
        Assert.Equal(expected, PluginTrust.IsAcceptableOwner(owner, effectiveUserId));

    [Fact]
    public void CheckPath_OwnedByRootOrSelf_Accepted()
    {
        if (OperatingSystem.IsWindows())
        {
            return;
        }

        using var tree = TempTree.Create().File("ae_updater.dll", "x");

        // Whoever runs the tests: their own file is accepted, and so is root's "/" for any user.
        Assert.Null(PluginTrust.CheckPath(tree.PathOf("ae_updater.dll"), UnixFileOwner.EffectiveUserId()));
        Assert.Null(PluginTrust.CheckPath("/", OtherUserId));
    }

    [Fact]
    public void CheckPath_OwnedByAnotherUser_RefusedNamingOwner()
    {
        if (OperatingSystem.IsWindows())
        {
            return;
        }

        using var tree = TempTree.Create().File("ae_updater.dll", "x");
        var path = tree.PathOf("ae_updater.dll");
        var euid = UnixFileOwner.EffectiveUserId();

        // As root, give the file away for real; otherwise ask as if the process were another user.
        var givenAway = euid == PluginTrust.RootUserId && Chown(path, OtherUserId);
        var (owner, asUser) = givenAway ? (OtherUserId, euid) : (euid, OtherUserId);

        var problem = PluginTrust.CheckPath(path, asUser);

        Assert.Equal($"{path} is owned by uid {owner}, not by this process's user (uid {asUser}) nor root", problem);
    }

    [Fact]
    public void Run_PluginOwnedByAnotherUser_RefusedWhenRunAsRoot()
    {
        if (OperatingSystem.IsWindows() || UnixFileOwner.EffectiveUserId() != PluginTrust.RootUserId)
        {
            return; // Only root can give a file away; the rule itself is covered by CheckPath_OwnedByAnotherUser_RefusedNamingOwner.
        }

        using var tree = TempTree.Create().WithPluginInRoot(TestPlugins.ReturnsTrue);
        Assert.True(Chown(tree.PathOf("ae_updater.deps.json"), OtherUserId));

        // Root's own files (and a file owned by root) are accepted; a file of uid 4242 is not run by root either.
        var report = PluginRunner.Run(PluginKind.OneShot, TestPlugins.Request(tree));

        Assert.NotNull(report);
        Assert.False(report.Ran);
        Assert.Contains($"{tree.PathOf("ae_updater.deps.json")} is owned by uid {OtherUserId}", report.Error, StringComparison.Ordinal);
    }

    private static void AddMode(string path, UnixFileMode extra)
    {
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(path, File.GetUnixFileMode(path) | extra);
        }
    }

    private static bool Chown(string path, uint owner) =>
        OperatingSystem.IsLinux() && NativeMethods.Chown(Encoding.UTF8.GetBytes(path + "\0"), owner, uint.MaxValue) == 0;

    private static class NativeMethods
    {
        // gid -1 (uint.MaxValue) keeps the group.
        [DllImport("libc", EntryPoint = "chown", SetLastError = true)]
        [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
        public static extern int Chown(byte[] path, uint owner, uint group);
    }
}
