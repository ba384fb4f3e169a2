using AeUpdater.Placeholders;

namespace AeUpdater.Benchmarks;

/// <summary>A temporary root, home and destination; options never point at the real home.</summary>
internal sealed class Sandbox : IDisposable
{
    private Sandbox(string label)
    {
        Path = Trees.CreateTempRoot(label);
        Root = System.IO.Path.Join(Path, "root");
        Home = System.IO.Path.Join(Path, "home");
        Destination = System.IO.Path.Join(Path, "usr");
        Directory.CreateDirectory(Root);
        Directory.CreateDirectory(Home);
    }

    public string Path { get; }

    public string Root { get; }

    public string Home { get; }

    public string Destination { get; }

    public static Sandbox Create(string label) => new(label);

    /// <summary>Options for a run over <see cref="Root"/> into <see cref="Destination"/> (<c>{usr}</c>).</summary>
    public UpdaterOptions Options() => For(Root, Destination, Home);

    public static UpdaterOptions For(string root, string usr, string home)
    {
        var options = new UpdaterOptions
        {
            Root = root,
            Environment = new PlaceholderEnvironment { HomeDirectory = home, GetCurrentDirectory = () => root },
        };
        options.Placeholders[PlaceholderIds.Usr] = usr;
        return options;
    }

    public void ResetDestination() => Trees.Delete(Destination);

    public void Dispose() => Trees.Delete(Path);
}
