using System.Text;
using AeUpdater.Cli.Tests.Support;
using AeUpdater.Tuf.Crypto;
using AeUpdater.Tuf.Tests.Support;

namespace AeUpdater.Cli.Tests;

public class TufCommandTests
{
    [Fact]
    public void InitRefreshDownload_GenuineRepository_ExitZeroAndVerifiedFile()
    {
        using var repo = new TestRepo();
        repo.AddTarget("app/v1.tar.gz", Encoding.UTF8.GetBytes("archive"));
        var root = Path.Join(repo.MetadataDir, "1.root.json");

        var init = CliRunner.Run(repo.Tree, "tuf", "--metadata-dir", repo.ClientMetadataDir, "init", root);
        var refresh = CliRunner.Run(repo.Tree, "tuf", "--metadata-url", repo.MetadataUrl, "--metadata-dir", repo.ClientMetadataDir, "refresh");
        var download = CliRunner.Run(repo.Tree, "tuf", "--metadata-url", repo.MetadataUrl, "--metadata-dir", repo.ClientMetadataDir, "--target-name", "app/v1.tar.gz",
            "--target-dir", repo.ClientTargetsDir, "--target-base-url", repo.TargetsUrl, "download");

        Assert.Equal((0, 0, 0), (init.ExitCode, refresh.ExitCode, download.ExitCode));
        Assert.Equal(File.ReadAllBytes(root), repo.Stored("root.json"));
        Assert.Equal(repo.Served("timestamp.json"), repo.Stored("timestamp.json"));
        var file = Path.Join(repo.ClientTargetsDir, "app%2Fv1.tar.gz");
        Assert.Equal("archive", File.ReadAllText(file));
        Assert.Contains(file, download.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public void Init_MakesNoRequestAndRejectsARootNotSignedByItself()
    {
        using var repo = new TestRepo();
        using var other = TufSigner.Generate();
        var root = repo.Parse("1.root.json");
        root.Sign(other);
        repo.Tree.File("bad-root.json", root.ToBytes());

        var result = CliRunner.Run(repo.Tree, "tuf", "--metadata-dir", repo.ClientMetadataDir, "init", repo.Tree.PathOf("bad-root.json"));

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("signed by 0", result.Stderr, StringComparison.Ordinal);
        Assert.Null(repo.Stored("root.json"));
        Assert.Empty(repo.Server.RequestList());
    }

    [Fact]
    public void Refresh_TamperedTimestamp_ExitOneAndNothingStored()
    {
        using var repo = new TestRepo();
        repo.InitClient();
        var timestamp = Encoding.UTF8.GetString(repo.Served("timestamp.json")).Replace("\"version\": 1,", "\"version\": 7,", StringComparison.Ordinal);
        File.WriteAllText(Path.Join(repo.MetadataDir, "timestamp.json"), timestamp);

        var result = CliRunner.Run(repo.Tree, "tuf", "--metadata-dir", repo.ClientMetadataDir, "--metadata-url", repo.MetadataUrl, "refresh");

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("timestamp metadata (version 7) was signed by 0", result.Stderr, StringComparison.Ordinal);
        Assert.Null(repo.Stored("timestamp.json"));
    }

    [Fact]
    public void Download_TargetWithWrongHash_ExitOneAndNoFile()
    {
        using var repo = new TestRepo(consistentSnapshot: false);
        repo.AddTarget("a.bin", [1, 2, 3]);
        repo.InitClient();
        File.WriteAllBytes(Path.Join(repo.TargetsDir, "a.bin"), [3, 2, 1]);

        var result = CliRunner.Run(repo.Tree, "tuf", "--metadata-url", repo.MetadataUrl, "--metadata-dir", repo.ClientMetadataDir, "--target-name", "a.bin",
            "--target-dir", repo.ClientTargetsDir, "--target-base-url", repo.TargetsUrl, "download");

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("hash", result.Stderr, StringComparison.Ordinal);
        Assert.False(Directory.Exists(repo.ClientTargetsDir) && Directory.EnumerateFileSystemEntries(repo.ClientTargetsDir).Any());
    }

    [Fact]
    public void Download_UnknownTarget_ExitOne()
    {
        using var repo = new TestRepo();
        repo.InitClient();

        var result = CliRunner.Run(repo.Tree, "tuf", "--target-base-url", repo.TargetsUrl, "--target-name", "missing", "--target-dir", repo.ClientTargetsDir,
            "--metadata-dir", repo.ClientMetadataDir, "--metadata-url", repo.MetadataUrl, "download");

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("'missing'", result.Stderr, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("tuf", "--no-such-option", "refresh")]
    [InlineData("tuf", "--metadata-dir")]
    [InlineData("tuf", "--metadata-dir", "md", "init")]
    [InlineData("tuf")]
    [InlineData("tuf", "--metadata-dir", "md", "refresh")]
    public void Tuf_BadUsage_ExitOne(params string[] args)
    {
        using var tree = TempTree.Create();

        var result = CliRunner.Run(tree, args);

        Assert.Equal(1, result.ExitCode);
        Assert.NotEmpty(result.Stderr);
    }

    [Fact]
    public void Refresh_ChildProcessAgainstUnreachableServer_ExitOne()
    {
        using var repo = new TestRepo();
        repo.InitClient();
        var url = repo.MetadataUrl;
        repo.Server.Dispose();

        var result = CliRunner.RunProcess(repo.Tree, null, "tuf", "--metadata-url", url, "--metadata-dir", repo.ClientMetadataDir, "refresh");

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("ae-updater tuf refresh:", result.Stderr, StringComparison.Ordinal);
    }
}
