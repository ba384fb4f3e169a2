using AeUpdater.Cli;
using AeUpdater.Delivery.Releases;
using AeUpdater.Delivery.Updating;
using AeUpdater.Tuf.Tests.Support;

namespace AeUpdater.Delivery.Tests.Support;

/// <summary>
/// A publisher's repository made with the real <c>ae-updater repo</c> command (in-process), served by a loopback HTTP
/// server, and bundles built from real assemblies of this test build.
/// </summary>
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public sealed class DeliveryFixture : IDisposable
{
    public const string App = "DemoApp";

    private LoopbackServer? _server;

    public DeliveryFixture()
    {
        Tree = TempTree.Create();
        Directory.CreateDirectory(Tree["home"]);
    }

    public TempTree Tree { get; }

    public string Repo => Tree["repo"];

    public string TrustedRoot => Tree["repo/metadata/1.root.json"];

    public LoopbackServer Server => _server ??= new LoopbackServer(Repo);

    public Dictionary<string, string?> Environment => new(StringComparer.Ordinal)
    {
        ["HOME"] = Tree["home"],
        ["XDG_CONFIG_HOME"] = Tree["home/.config"],
        ["PATH"] = System.Environment.GetEnvironmentVariable("PATH"),
    };

    public (int Exit, string Out, string Err) Cli(params string[] args)
    {
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();
        var exit = CliApp.Run(args, stdout, stderr, Environment, Tree.Root);
        return (exit, stdout.ToString(), stderr.ToString());
    }

    public void CliOk(params string[] args)
    {
        var (exit, output, error) = Cli(args);
        Assert.True(exit == 0, $"ae-updater {string.Join(' ', args)} exited with {exit}: {output}{error}");
    }

    public void Init() => CliOk("repo", "init", Repo, "--name", App);

    /// <summary>
    /// A bundle of version <paramref name="generation"/>: real assemblies (a few MB), a drop-in folder whose text
    /// changes per generation, and a file added from generation 3 on.
    /// </summary>
    public string Bundle(int generation)
    {
        var dir = Tree[$"bundles/{generation}"];
        if (Directory.Exists(dir))
        {
            return dir;
        }

        Directory.CreateDirectory(Path.Join(dir, "lib"));
        foreach (var name in new[] { "AeUpdater.Tuf.dll", "AeUpdater.Delivery.dll", "NuGet.Versioning.dll", "ZstdSharp.dll" })
        {
            File.Copy(Path.Join(AppContext.BaseDirectory, name), Path.Join(dir, "lib", name));
        }

        Tree.File($"bundles/{generation}/ae_updater_copies/settings.txt", $"settings of generation {generation}\n");
        Tree.File($"bundles/{generation}/app.txt", $"app generation {generation}\n" + string.Concat(Enumerable.Repeat("stable text line\n", 200)));
        if (generation >= 3)
        {
            Tree.File($"bundles/{generation}/lib/new-in-3.txt", "new");
        }

        File.SetUnixFileMode(Path.Join(dir, "app.txt"), (UnixFileMode)0b111_101_101);
        return dir;
    }

    /// <summary>Publishes the bundle folder <paramref name="bundle"/> as <paramref name="version"/>.</summary>
    public void AddBundle(string version, string bundle) => CliOk("repo", "add", Repo, bundle, "--version", version);

    /// <summary>A built test plugin's folder (tests/TestPlugins/<paramref name="project"/>) in the test output.</summary>
    public static string TestPlugin(string project)
    {
        var folder = Path.Join(AppContext.BaseDirectory, "TestPlugins", project);
        Assert.True(Directory.Exists(folder), $"Test plugin {project} was not built into {folder}.");
        return folder;
    }

    public void Add(string version, int generation, params string[] extra) =>
        CliOk(["repo", "add", Repo, Bundle(generation), "--version", version, .. extra]);

    public UpdateClient Client(string name, Channel channel = Channel.Stable, IProgress<DownloadProgress>? progress = null, Tuf.Fetching.ITufFetcher? fetcher = null)
    {
        Directory.CreateDirectory(Tree[$"clients/{name}/root"]);
        return new UpdateClient(Options(name, channel, progress, fetcher));
    }

    public UpdateClientOptions Options(string name, Channel channel = Channel.Stable, IProgress<DownloadProgress>? progress = null, Tuf.Fetching.ITufFetcher? fetcher = null) => new()
    {
        MetadataUrl = Server.BaseUrl + "metadata/",
        TargetBaseUrl = Server.BaseUrl + "targets/",
        AppName = App,
        Root = Tree[$"clients/{name}/root"],
        StateDirectory = Tree[$"clients/{name}/state"],
        TrustedRootPath = TrustedRoot,
        Channel = channel,
        Progress = progress,
        Fetcher = fetcher,
    };

    public string RootOf(string client) => Tree[$"clients/{client}/root"];

    public string StateOf(string client) => Tree[$"clients/{client}/state"];

    /// <summary>The served file of a target (consistent snapshots: SHA256.NAME).</summary>
    public string Served(string targetName) =>
        Directory.GetFiles(Tree["repo/targets"], "*." + targetName).Single();

    /// <summary>Asserts that the client's root holds exactly the files of the bundle (and nothing but the state).</summary>
    public void AssertRootHolds(string client, int generation)
    {
        var bundle = Bundle(generation);
        var root = RootOf(client);
        foreach (var file in Directory.EnumerateFiles(bundle, "*", SearchOption.AllDirectories))
        {
            var relative = Path.GetRelativePath(bundle, file);
            Assert.Equal(File.ReadAllBytes(file), File.ReadAllBytes(Path.Join(root, relative)));
        }

        var leftovers = Directory.EnumerateFiles(root, "*", SearchOption.AllDirectories)
            .Select(f => Path.GetRelativePath(root, f))
            .Where(f => !File.Exists(Path.Join(bundle, f)))
            .ToList();
        Assert.Empty(leftovers);
    }

    public void Dispose()
    {
        _server?.Dispose();
        Tree.Dispose();
    }
}
