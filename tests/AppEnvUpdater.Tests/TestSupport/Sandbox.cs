using AeUpdater.Placeholders;

namespace AeUpdater.Tests.TestSupport;

/// <summary>A test's world: a root with drop-in folders and a temporary home whose <c>{usr}</c> is <c>home/.config</c>. Never the real home.</summary>
public sealed class Sandbox : IDisposable
{
    public Sandbox(string platform = PlatformIds.Linux)
    {
        Tree = TempTree.Create();
        Directory.CreateDirectory(Tree.PathOf("root"));
        Directory.CreateDirectory(Tree.PathOf("home"));
        Environment = new PlaceholderEnvironment
        {
            HomeDirectory = Tree.PathOf("home"),
            Platform = platform,
            GetCurrentDirectory = () => Tree.PathOf("root"),
            EntryAssemblyName = "TestApp",
        };
    }

    public TempTree Tree { get; }

    public PlaceholderEnvironment Environment { get; }

    public string Root => Tree.PathOf("root");

    public string Usr => Tree.PathOf("home/.config");

    /// <summary>Writes a file under the root.</summary>
    public Sandbox Source(string relative, string content)
    {
        Tree.File("root/" + relative, content);
        return this;
    }

    /// <summary>Writes a file under <c>{usr}</c>.</summary>
    public Sandbox Existing(string relative, string content)
    {
        Tree.File("home/.config/" + relative, content);
        return this;
    }

    public string RootPath(string relative) => Tree.PathOf("root/" + relative);

    public string UsrPath(string relative) => Tree.PathOf("home/.config/" + relative);

    public UpdaterOptions Options(Action<UpdaterOptions>? configure = null)
    {
        var options = new UpdaterOptions { Root = Root, Environment = Environment };
        configure?.Invoke(options);
        return options;
    }

    public void Dispose() => Tree.Dispose();
}
