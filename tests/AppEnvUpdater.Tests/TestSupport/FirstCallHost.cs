namespace AeUpdater.Tests.TestSupport;

/// <summary>
/// The first <c>CheckAll</c> of a fresh process, run by <c>AeUpdater.CrashHost --first-call</c> with a temporary home, and
/// what it printed: <c>jit N</c>, <c>icu ...</c>, <c>collator ...</c>, <c>loaded NAME</c> per assembly the call loaded, <c>plugin ...</c>,
/// <c>report ...</c>.
/// </summary>
public sealed record FirstCallHost(IReadOnlyList<string> Lines)
{
    /// <summary>Methods the call had the JIT compile.</summary>
    public int Compiled => int.Parse(Line("jit "), System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>Assemblies the call loaded.</summary>
    public List<string> Loaded => [.. Lines.Where(l => l.StartsWith("loaded ", StringComparison.Ordinal)).Select(l => l[7..])];

    /// <summary>The one line starting with <paramref name="prefix"/>, without it.</summary>
    public string Line(string prefix) => Lines.Single(l => l.StartsWith(prefix, StringComparison.Ordinal))[prefix.Length..];

    /// <summary>Runs the call on <paramref name="root"/> for <paramref name="appName"/> with <paramref name="home"/> as the home (and <paramref name="environment"/> added to the child's).</summary>
    public static FirstCallHost Run(string root, string home, string appName, IReadOnlyDictionary<string, string>? environment = null) =>
        Run(["--first-call", root, appName], home, environment);

    /// <summary>Runs <c>CheckAll()</c> without options (the root is the host's own folder) with <paramref name="home"/> as the home.</summary>
    public static FirstCallHost RunWithDefaults(string home) => Run(["--first-call-defaults"], home, environment: null);

    private static FirstCallHost Run(string[] arguments, string home, IReadOnlyDictionary<string, string>? environment)
    {
        var variables = new Dictionary<string, string>
        {
            ["HOME"] = home,
            ["XDG_CONFIG_HOME"] = Path.Join(home, ".config"),
        };
        foreach (var (name, value) in environment ?? new Dictionary<string, string>())
        {
            variables[name] = value;
        }

        return new FirstCallHost(CrashHost.RunToLines(arguments, variables));
    }
}
