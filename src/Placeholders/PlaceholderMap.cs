using System.Collections.ObjectModel;
using System.Text;
using Microsoft.Extensions.Configuration;

namespace AeUpdater.Placeholders;

/// <summary>
/// An immutable map of placeholder ids to values, built once (per <c>CheckAll</c>) from a
/// <see cref="PlaceholderEnvironment"/> plus overrides, and the path operations that use it.
/// </summary>
public sealed class PlaceholderMap
{
    /// <summary>The configuration section whose children override placeholders (<c>AeUpdater:Placeholders:&lt;id&gt;</c>).</summary>
    public const string ConfigurationSection = "AeUpdater:Placeholders";

    private readonly ReadOnlyCollection<string> _ids;

    // Created by the first Complete (a Lock costs its type's first use, about a million instructions, which a start with
    // nothing to do would pay for nothing).
    private Lock? _completing;

    // Every value, or (while _deferred is set) only those of the ids every call needs; the rest is read on first use.
    // Volatile fields rather than Volatile.Read/Write (the same acquire and release order): every start reads them, and
    // the Volatile class would load the System.Threading facade for that alone (docs/performance.md, "First call").
    private volatile Dictionary<string, string> _values;
    private volatile PlaceholderEnvironment? _deferred;

    /// <summary>A map without overrides whose storage-folder ids (<c>doc</c>, <c>ado</c>, <c>documents</c>, ...) are read on first use.</summary>
    private PlaceholderMap(Dictionary<string, string> coreValues, PlaceholderEnvironment environment)
    {
        _values = coreValues;
        _deferred = environment;
        _ids = new ReadOnlyCollection<string>(PlaceholderIds.BuiltInArray);
        Platform = environment.Platform;
        HomeDirectory = environment.HomeDirectory;
    }

    private PlaceholderMap(IEnumerable<KeyValuePair<string, string>> values, string platform, string homeDirectory)
    {
        _values = new Dictionary<string, string>(StringComparer.Ordinal);
        var order = new List<string>();
        foreach (var (id, value) in values)
        {
            if (!_values.ContainsKey(id))
            {
                order.Add(id);
            }

            _values[id] = value;
        }

        _ids = order.AsReadOnly();
        Platform = platform;
        HomeDirectory = homeDirectory;
    }

    /// <summary>The platform id whose rules built the map.</summary>
    public string Platform { get; }

    /// <summary>The home folder a leading <c>~</c> expands to.</summary>
    public string HomeDirectory { get; }

    /// <summary>The app's name (the value of <c>{app_name}</c>).</summary>
    public string AppName => this[PlaceholderIds.AppName];

    /// <summary>The current directory when the map was built (the value of <c>{cwd}</c>).</summary>
    public string CurrentDirectory => this[PlaceholderIds.Cwd];

    /// <summary>The ids, built-in ones first, then added ones in the order they were added.</summary>
    public IReadOnlyList<string> Ids => _ids;

    /// <summary>The entries in <see cref="Ids"/> order.</summary>
    public IReadOnlyList<KeyValuePair<string, string>> Entries =>
        [.. _ids.Select(id => new KeyValuePair<string, string>(id, this[id]))];

    /// <summary>The value of <paramref name="id"/>.</summary>
    /// <param name="id">The id.</param>
    /// <exception cref="KeyNotFoundException">The id is not in the map.</exception>
    public string this[string id] => TryGetValue(id, out var value) ? value : throw new KeyNotFoundException($"The given key '{id}' was not present in the dictionary.");

    /// <summary>Builds the map: the built-in ids for the environment's platform, then <paramref name="overrides"/>.</summary>
    /// <param name="environment">Where home, variables and folders come from. Default: <see cref="PlaceholderEnvironment.System"/>.</param>
    /// <param name="appName">The app's name. Default (<see langword="null"/> or empty): the <c>app_name</c> override, else the entry assembly's name, else <c>app</c>.</param>
    /// <param name="overrides">
    /// Ids to add or override (the last value of an id wins). A value may use other ids (in any order; <c>{usr}</c> inside the
    /// <c>usr</c> override means the built-in value) and <c>~</c>. A built-in path id's value is normalised like
    /// <see cref="Normalize"/> (a relative one against <c>{cwd}</c>); an added id keeps its expanded value as it is, as it need
    /// not be a path (<c>apk_ext</c> = <c>apk</c>). <c>{app}</c> and <c>{ado}</c> follow an overridden <c>usr</c> or <c>doc</c>
    /// unless overridden themselves.
    /// </param>
    /// <returns>The map.</returns>
    /// <exception cref="PlaceholderException">
    /// An override has a malformed id, no value, or a value that cannot be expanded (unknown id, unbalanced brace, a cycle);
    /// the app name is not a valid folder name; or the home folder is not absolute.
    /// </exception>
    public static PlaceholderMap Create(
        PlaceholderEnvironment? environment = null,
        string? appName = null,
        IEnumerable<KeyValuePair<string, string>>? overrides = null)
    {
        var env = environment ?? PlaceholderEnvironment.System;
        var home = env.HomeDirectory;
        if (string.IsNullOrEmpty(home) || !PathText.IsAbsolute(home))
        {
            throw new PlaceholderException($"The home folder '{home}' is not an absolute path.", home ?? "", 0, null);
        }

        if (overrides is null || overrides is ICollection<KeyValuePair<string, string>> { Count: 0 })
        {
            // No overrides: nothing can fail below the app name, so the map is built from the three ids every call needs
            // (a start with nothing to do needs only {app} for its state directory), and the rest is read on first use.
            var appNameOnly = AppNameFrom(appName, null, env);
            var (usr, cwd, homeValue) = PlaceholderResolver.ResolveCore(env);
            var core = new Dictionary<string, string>(StringComparer.Ordinal)
            {
                [PlaceholderIds.AppName] = appNameOnly,
                [PlaceholderIds.Usr] = usr,
                [PlaceholderIds.App] = PathText.Join(usr, appNameOnly),
                [PlaceholderIds.Cwd] = cwd,
                [PlaceholderIds.Home] = homeValue,
            };
            return new PlaceholderMap(core, env);
        }

        return CreateWithOverrides(env, home, appName, overrides);
    }

    // Apart from Create so that a call without overrides does not compile (nor load the assemblies of) what this uses.
    private static PlaceholderMap CreateWithOverrides(
        PlaceholderEnvironment env, string home, string? appName, IEnumerable<KeyValuePair<string, string>> overrides)
    {
        var pending = new Dictionary<string, string>(StringComparer.Ordinal);
        var addedIds = new List<string>();
        foreach (var (id, value) in overrides)
        {
            if (!PlaceholderIds.IsValid(id))
            {
                throw new PlaceholderException(
                    $"'{id}' is not a valid placeholder id: use letters, digits and '_', starting with a letter or '_'.", id ?? "", 0, id);
            }

            if (string.IsNullOrEmpty(value))
            {
                throw new PlaceholderException($"The placeholder override '{id}' has no value.", value ?? "", 0, id);
            }

            if (!pending.ContainsKey(id) && !PlaceholderIds.BuiltIn.Contains(id, StringComparer.Ordinal))
            {
                addedIds.Add(id);
            }

            pending[id] = value;
        }

        var name = AppNameFrom(appName, pending, env);
        pending.Remove(PlaceholderIds.AppName);
        var builtIn = PlaceholderResolver.Resolve(env);
        var resolver = new OverrideResolver(name, home, builtIn, pending);
        var values = PlaceholderIds.BuiltIn.Concat(addedIds)
            .Select(id => new KeyValuePair<string, string>(id, resolver.Resolve(id)))
            .ToList();
        return new PlaceholderMap(values, env.Platform, home);
    }

    /// <summary>Builds the map with overrides from <paramref name="configuration"/>: section <c>AeUpdater:Placeholders</c> and key <c>AeUpdater:AppName</c>.</summary>
    /// <remarks>A key that equals a built-in id but for case (<c>USR</c>) overrides that id, as configuration keys are case-insensitive.</remarks>
    /// <param name="configuration">The configuration (JSON, environment variables <c>AEUPDATER__PLACEHOLDERS__&lt;id&gt;</c>, ...).</param>
    /// <param name="environment">Where home, variables and folders come from. Default: <see cref="PlaceholderEnvironment.System"/>.</param>
    /// <returns>The map.</returns>
    /// <exception cref="PlaceholderException">As <see cref="Create"/>.</exception>
    public static PlaceholderMap FromConfiguration(IConfiguration configuration, PlaceholderEnvironment? environment = null)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        // Configuration keys are case-insensitive (AEUPDATER__PLACEHOLDERS__USR arrives as "USR"): a key that names a
        // built-in id in another case overrides that id; other keys are added as they are spelt.
        var overrides = configuration.GetSection(ConfigurationSection).GetChildren()
            .Where(c => c.Value is not null)
            .Select(c => new KeyValuePair<string, string>(
                PlaceholderIds.BuiltIn.FirstOrDefault(id => string.Equals(id, c.Key, StringComparison.OrdinalIgnoreCase)) ?? c.Key,
                c.Value!));
        return Create(environment, configuration["AeUpdater:AppName"], overrides);
    }

    /// <summary>Returns a new map with <paramref name="id"/> set to <paramref name="value"/> (taken as it is: not expanded, not normalised; <c>{app}</c>/<c>{ado}</c> do not follow).</summary>
    /// <param name="id">The id.</param>
    /// <param name="value">The value.</param>
    /// <returns>The new map; this one is unchanged.</returns>
    /// <exception cref="PlaceholderException"><paramref name="id"/> is not a valid id.</exception>
    public PlaceholderMap With(string id, string value)
    {
        if (!PlaceholderIds.IsValid(id))
        {
            throw new PlaceholderException($"'{id}' is not a valid placeholder id.", id ?? "", 0, id);
        }

        ArgumentNullException.ThrowIfNull(value);
        return new PlaceholderMap(Entries.Append(new(id, value)), Platform, HomeDirectory);
    }

    /// <summary>Replaces every <c>{id}</c> in <paramref name="text"/> by its value; <c>{{</c> and <c>}}</c> stand for literal braces.</summary>
    /// <param name="text">The text, e.g. <c>{usr}/x.{apk_ext}</c>.</param>
    /// <returns>The expanded text.</returns>
    /// <exception cref="PlaceholderException">An unknown id, a malformed <c>{...}</c>, or a brace without its partner; the message names the id or position.</exception>
    public string Expand(string text) =>
        TryExpandCore(text, LookUp, KnownIds, out var result, out var error) ? result : throw error!;

    /// <summary>Like <see cref="Expand"/>, without throwing.</summary>
    /// <param name="text">The text.</param>
    /// <param name="result">The expanded text, or empty on failure.</param>
    /// <param name="error">Why it failed, or <see langword="null"/>.</param>
    /// <returns><see langword="true"/> on success.</returns>
    public bool TryExpand(string text, out string result, out string? error)
    {
        var ok = TryExpandCore(text, LookUp, KnownIds, out result, out var exception);
        error = exception?.Message;
        return ok;
    }

    /// <summary>
    /// Expands <c>{id}</c>s and a leading <c>~</c>, makes the path absolute (against <paramref name="baseDirectory"/>, default
    /// <c>{cwd}</c>) and removes <c>.</c> and <c>..</c>. Symbolic links are not resolved.
    /// </summary>
    /// <param name="path">The path.</param>
    /// <param name="baseDirectory">What a relative path is relative to. Default: <see cref="CurrentDirectory"/>.</param>
    /// <returns>The absolute, normalised path without a trailing separator (but for a root).</returns>
    /// <exception cref="PlaceholderException">As <see cref="Expand"/>.</exception>
    public string Normalize(string path, string? baseDirectory = null) =>
        TryNormalizeCore(path, baseDirectory, out var result, out var error) ? result : throw error!;

    /// <summary>Like <see cref="Normalize"/>, without throwing.</summary>
    /// <param name="path">The path.</param>
    /// <param name="baseDirectory">What a relative path is relative to. Default: <see cref="CurrentDirectory"/>.</param>
    /// <param name="result">The normalised path, or empty on failure.</param>
    /// <param name="error">Why it failed, or <see langword="null"/>.</param>
    /// <returns><see langword="true"/> on success.</returns>
    public bool TryNormalize(string path, string? baseDirectory, out string result, out string? error)
    {
        var ok = TryNormalizeCore(path, baseDirectory, out result, out var exception);
        error = exception?.Message;
        return ok;
    }

    /// <summary>Whether <paramref name="id"/> is in the map.</summary>
    /// <param name="id">The id.</param>
    /// <returns><see langword="true"/> when it is.</returns>
    public bool Contains(string id) => TryGetValue(id, out _);

    /// <summary>Looks up <paramref name="id"/>.</summary>
    /// <param name="id">The id.</param>
    /// <param name="value">Its value, or empty.</param>
    /// <returns><see langword="true"/> when the id is in the map.</returns>
    public bool TryGetValue(string id, out string value)
    {
        // _deferred is read first: once it is null, _values (written before it) is complete.
        var deferred = _deferred;
        if (_values.TryGetValue(id, out var found) || (deferred is not null && Complete().TryGetValue(id, out found)))
        {
            value = found;
            return true;
        }

        value = "";
        return false;
    }

    private static string AppNameFrom(string? appName, Dictionary<string, string>? overrides, PlaceholderEnvironment env)
    {
        var (name, source) = !string.IsNullOrEmpty(appName) ? (appName, "the appName argument")
            : overrides is not null && overrides.TryGetValue(PlaceholderIds.AppName, out var fromOverride) ? (fromOverride, "the 'app_name' override")
            : !string.IsNullOrEmpty(env.EntryAssemblyName) ? (env.EntryAssemblyName, "the entry assembly's name")
            : ("app", "the fallback");
        var problem = string.IsNullOrWhiteSpace(name) ? "it is blank"
            : name is "." or ".." ? "it is '.' or '..'"
            : CharScan.IndexOfAny(name, '/', '\\') >= 0 ? "it contains a path separator"
            : HasControlCharacter(name) ? "it contains a control character"
            : null;
        if (problem is not null)
        {
            throw new PlaceholderException(
                $"The app name '{name}' ({source}, {{{PlaceholderIds.AppName}}}) is not a valid folder name: {problem}.", name, 0, PlaceholderIds.AppName);
        }

        return name;
    }

    private static bool HasControlCharacter(string text)
    {
        foreach (var c in text)
        {
            if (char.IsControl(c))
            {
                return true;
            }
        }

        return false;
    }

    private bool TryNormalizeCore(string path, string? baseDirectory, out string result, out PlaceholderException? error)
    {
        ArgumentNullException.ThrowIfNull(path);
        result = "";
        var baseFull = CurrentDirectory;
        if (baseDirectory is not null)
        {
            if (!TryNormalizeCore(baseDirectory, null, out baseFull, out var baseError))
            {
                error = new PlaceholderException(
                    $"The base directory '{baseDirectory}' cannot be used: {baseError!.Message}", baseDirectory, baseError.Position, baseError.Id);
                return false;
            }
        }

        return TryExpandCore(path, LookUp, KnownIds, out var expanded, out error)
            && TryFinish(path, expanded, HomeDirectory, () => baseFull, out result, out error);
    }

    private string? LookUp(string id) => TryGetValue(id, out var value) ? value : null;

    /// <summary>Reads the deferred storage-folder ids (once; the map stays immutable to its readers) and returns every value.</summary>
    private Dictionary<string, string> Complete()
    {
        if (Volatile.Read(ref _completing) is null)
        {
            Interlocked.CompareExchange(ref _completing, new Lock(), null);
        }

        lock (_completing!)
        {
            if (_deferred is { } env)
            {
                var builtIn = PlaceholderResolver.Resolve(env);
                var all = new Dictionary<string, string>(_values, StringComparer.Ordinal);
                var appName = all[PlaceholderIds.AppName];
                foreach (var id in PlaceholderIds.BuiltInArray)
                {
                    if (!all.ContainsKey(id))
                    {
                        all[id] = id switch
                        {
                            PlaceholderIds.Ado => PathText.Join(builtIn[PlaceholderIds.Doc], appName),
                            _ => builtIn[id],
                        };
                    }
                }

                _values = all;
                _deferred = null;
            }

            return _values;
        }
    }

    private string KnownIds() => string.Join(", ", _ids);

    /// <summary>The normalisation after <c>{id}</c> expansion: leading <c>~</c>, absolute against <paramref name="baseDirectory"/>, no dots, no trailing separator.</summary>
    private static bool TryFinish(
        string path, string expanded, string home, Func<string> baseDirectory, out string result, out PlaceholderException? error)
    {
        result = "";
        error = null;
        if (expanded == "~")
        {
            expanded = home;
        }
        else if (expanded.StartsWith("~/", StringComparison.Ordinal)
            || (expanded.StartsWith("~\\", StringComparison.Ordinal) && Path.DirectorySeparatorChar == '\\'))
        {
            expanded = Path.Join(home, expanded[2..]);
        }

        if (expanded.Length == 0)
        {
            expanded = ".";
        }

        if (CharScan.Contains(expanded, '\0'))
        {
            error = new PlaceholderException(
                $"The path '{path}' contains a NUL character.", path, CharScan.IndexOf(path, '\0'), null);
            return false;
        }

        var full = Path.IsPathFullyQualified(expanded) ? Path.GetFullPath(expanded) : Path.GetFullPath(expanded, baseDirectory());
        result = Path.TrimEndingDirectorySeparator(full);
        return true;
    }

    private static bool TryExpandCore(
        string text, Func<string, string?> lookUp, Func<string> knownIds, out string result, out PlaceholderException? error)
    {
        ArgumentNullException.ThrowIfNull(text);
        result = "";
        error = null;
        if (CharScan.IndexOfAny(text, '{', '}') < 0)
        {
            result = text;
            return true;
        }

        var builder = new StringBuilder(text.Length + 32);
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (c == '}')
            {
                if (i + 1 < text.Length && text[i + 1] == '}')
                {
                    builder.Append('}');
                    i++;
                    continue;
                }

                error = new PlaceholderException(
                    $"Unbalanced '}}' at position {i} in '{text}' (write '}}}}' for a literal brace).", text, i, null);
                return false;
            }

            if (c != '{')
            {
                builder.Append(c);
                continue;
            }

            if (i + 1 < text.Length && text[i + 1] == '{')
            {
                builder.Append('{');
                i++;
                continue;
            }

            var close = CharScan.IndexOf(text, '}', i + 1);
            if (close < 0)
            {
                error = new PlaceholderException(
                    $"Unbalanced '{{' at position {i} in '{text}' (write '{{{{' for a literal brace).", text, i, null);
                return false;
            }

            var id = text[(i + 1)..close];
            if (!PlaceholderIds.IsValid(id))
            {
                error = new PlaceholderException(
                    $"'{{{id}}}' at position {i} in '{text}' is not a placeholder: ids are letters, digits and '_', starting with a letter or '_'.", text, i, id);
                return false;
            }

            var value = lookUp(id);
            if (value is null)
            {
                error = new PlaceholderException(
                    $"Unknown placeholder '{{{id}}}' at position {i} in '{text}'; known ids: {knownIds()}.", text, i, id);
                return false;
            }

            builder.Append(value);
            i = close;
        }

        result = builder.ToString();
        return true;
    }

    /// <summary>Resolves built-in values and overrides in dependency order, so that overrides may use each other in any order.</summary>
    private sealed class OverrideResolver(
        string appName, string home, Dictionary<string, string> builtIn, Dictionary<string, string> overrides)
    {
        private readonly Dictionary<string, string> _resolved = new(StringComparer.Ordinal) { [PlaceholderIds.AppName] = appName };
        private readonly List<string> _active = [];

        public string Resolve(string id) =>
            TryResolve(id) ?? throw new InvalidOperationException($"Placeholder '{id}' has no value.");

        private string? TryResolve(string id)
        {
            if (_resolved.TryGetValue(id, out var done))
            {
                return done;
            }

            if (_active.Contains(id))
            {
                var cycle = _active.SkipWhile(a => a != id).Append(id).Select(a => $"'{a}'");
                throw new PlaceholderException(
                    $"Placeholder overrides refer to each other in a cycle: {string.Join(" -> ", cycle)}.", id, 0, id);
            }

            _active.Add(id);
            var value = overrides.TryGetValue(id, out var raw) ? Evaluate(id, raw) : BuiltInValue(id);
            _active.RemoveAt(_active.Count - 1);
            if (value is not null)
            {
                _resolved[id] = value;
            }

            return value;
        }

        /// <summary>The value <paramref name="id"/> has without an override (<see langword="null"/> for an added id).</summary>
        private string? BuiltInValue(string id) => id switch
        {
            PlaceholderIds.App => PathText.Join(Resolve(PlaceholderIds.Usr), appName),
            PlaceholderIds.Ado => PathText.Join(Resolve(PlaceholderIds.Doc), appName),
            _ => builtIn.GetValueOrDefault(id),
        };

        private string Evaluate(string id, string raw)
        {
            // Inside an override, the id itself means its built-in value ("usr": "{usr}/sub").
            string? LookUp(string other) => other == id ? BuiltInValue(other) : TryResolve(other);
            string Known() => string.Join(", ", PlaceholderIds.BuiltIn.Concat(overrides.Keys).Distinct());

            // The base is only looked up for a relative value, so that an absolute value never depends on {cwd}.
            string BaseDirectory() => id == PlaceholderIds.Cwd ? BuiltInValue(id)! : Resolve(PlaceholderIds.Cwd);

            if (!TryExpandCore(raw, LookUp, Known, out var expanded, out var error))
            {
                throw new PlaceholderException($"The placeholder override '{id}' = '{raw}' is invalid: {error!.Message}", raw, error.Position, error.Id);
            }

            // An added id need not be a path (apk_ext = "apk"): it keeps its expanded value, but for a leading '~'.
            var isPath = PlaceholderIds.BuiltIn.Contains(id, StringComparer.Ordinal) || expanded == "~" || expanded.StartsWith("~/", StringComparison.Ordinal);
            if (!isPath)
            {
                return expanded;
            }

            if (TryFinish(raw, expanded, home, BaseDirectory, out var result, out error))
            {
                return result;
            }

            throw new PlaceholderException($"The placeholder override '{id}' = '{raw}' is invalid: {error!.Message}", raw, error.Position, error.Id);
        }
    }
}
