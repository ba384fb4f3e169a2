using System.Security.Cryptography;
using System.Text;

namespace AeUpdater.Tests.CrashSafety;

/// <summary>
/// A drop-in bundle for crash tests: every kind, nested folders, over-kinds with existing destinations, a blocked move,
/// laid out in a world folder with <c>root/</c> (the app folder) and <c>home/</c> (<c>{usr}</c> = <c>home/.config</c>).
/// </summary>
internal sealed class Bundle
{
    public const string StateDirectory = "home/.config/CrashApp/.aeupdater";

    private readonly Dictionary<string, string> _files = new(StringComparer.Ordinal);

    /// <summary>The files of the world before the run (relative to the world folder).</summary>
    public IReadOnlyDictionary<string, string> Files => _files;

    public Action<string>? Extra { get; init; }

    public static Bundle Small() => new Bundle()
        .Add("root/ae_updater_copies/a.txt", 3000)
        .Add("root/ae_updater_copies/sub/deeper/b.txt", 70_000)
        .Add("root/ae_updater_over_copies/cfg.ini", 5000)
        .Add("home/.config/cfg.ini", 4000)
        .Add("root/ae_updater_over_copies/new/n.txt", 100)
        .Add("root/ae_updater_moves/m1.txt", 2000)
        .Add("root/ae_updater_moves/deep/x/m2.txt", 90_000)
        .Add("root/ae_updater_moves/m3.txt", 10)
        .Add("home/.config/m3.txt", 20)
        .Add("root/ae_updater_over_moves/om.txt", 6000)
        .Add("home/.config/om.txt", 7000)
        .Add("root/ae_updater_over_moves/nested/om2.txt", 300);

    public static Bundle Large(int files)
    {
        var bundle = new Bundle();
        for (var i = 0; i < files; i++)
        {
            var kind = (i % 4) switch { 0 => "ae_updater_copies", 1 => "ae_updater_over_copies", 2 => "ae_updater_moves", _ => "ae_updater_over_moves" };
            bundle.Add($"root/{kind}/d{i % 37}/f{i}.dat", 200 + (i * 7919 % 9000));
            if (i % 10 == 1 || i % 10 == 3)
            {
                bundle.Add($"home/.config/d{i % 37}/f{i}.dat", 150);
            }
        }

        return bundle;
    }

    /// <summary>Copies and moves only (no over-kinds, which by design write on every start).</summary>
    public static Bundle CopiesAndMoves(int files)
    {
        var bundle = new Bundle();
        for (var i = 0; i < files; i++)
        {
            bundle.Add($"root/{(i % 2 == 0 ? "ae_updater_copies" : "ae_updater_moves")}/d{i % 9}/f{i}.dat", 100 + (i * 31 % 4000));
        }

        return bundle;
    }

    public Bundle AddAll(Bundle other)
    {
        foreach (var (path, content) in other._files)
        {
            _files[path] = content;
        }

        return this;
    }

    public Bundle Add(string path, int size)
    {
        // Distinct, deterministic content: a header naming the file, then pseudo-random text.
        var seed = SHA256.HashData(Encoding.UTF8.GetBytes(path));
        var builder = new StringBuilder(size + 64).Append(path).Append('\n');
        while (builder.Length < size)
        {
            builder.Append(Convert.ToHexString(seed));
            seed = SHA256.HashData(seed);
        }

        _files[path] = builder.ToString();
        return this;
    }

    /// <summary>Creates a new world folder with the bundle laid out; returns its path.</summary>
    public string Materialize(string parent)
    {
        var world = Path.Join(parent, "w" + Guid.NewGuid().ToString("N")[..10]);
        Directory.CreateDirectory(Path.Join(world, "root"));
        Directory.CreateDirectory(Path.Join(world, "home"));
        foreach (var (path, content) in _files)
        {
            var full = Path.Join(world, path);
            Directory.CreateDirectory(Path.GetDirectoryName(full)!);
            File.WriteAllText(full, content);
        }

        Extra?.Invoke(world);
        return world;
    }

    /// <summary>Every file of a world (hidden ones included, the state directory excluded), relative path → content hash.</summary>
    public static SortedDictionary<string, string> Snapshot(string world)
    {
        var result = new SortedDictionary<string, string>(StringComparer.Ordinal);
        foreach (var file in Directory.EnumerateFiles(world, "*", new EnumerationOptions { RecurseSubdirectories = true, AttributesToSkip = 0 }))
        {
            var relative = Path.GetRelativePath(world, file).Replace('\\', '/');
            if (!relative.StartsWith(StateDirectory + "/", StringComparison.Ordinal))
            {
                result[relative] = Convert.ToHexString(SHA256.HashData(File.ReadAllBytes(file)));
            }
        }

        return result;
    }
}
