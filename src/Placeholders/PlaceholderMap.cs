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

    private readonly Dictionary<string, string> _values;
    private readonly string[] _order;

    private PlaceholderMap(List<KeyValuePair<string, string>> values, string platform, string homeDirectory)
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

        _order = [.. order];
        Platform = platform;
        HomeDirectory = homeDirectory;
    }

    /// <summary>The platform id whose rules built the map.</summary>
    public string Platform { get; }

    /// <summary>The home folder a leading <c>~</c> expands to.</summary>
    public string HomeDirectory { get; }

    /// <summary>The app's name (the value of <c>{app_name}</c>).</summary>
    public string AppName => _values[PlaceholderIds.AppName];

    /// <summary>The current directory when the map was built (the value of <c>{cwd}</c>).</summary>
    public string CurrentDirectory => _values[PlaceholderIds.Cwd];

    /// <summary>The ids, built-in ones first, then added ones in the order they were added.</summary>
    public IReadOnlyList<string> Ids => _order;

    /// <summary>The entries in <see cref="Ids"/> order.</summary>
    public IReadOnlyList<KeyValuePair<string, string>> Entries =>
        [.. _order.Select(id => new KeyValuePair<string, string>(id, _values[id]))];

    /// <summary>The value of <paramref name="id"/>.</summary>
    /// <param name="id">The id.</param>
    /// <exception cref="KeyNotFoundException">The id is not in the map.</exception>
    public string this[string id] => _values[id];

    /// <summary>Builds the map: the built-in ids for the environment's platform, then <paramref name="overrides"/>.</summary>
    /// <param name="environment">Where home, variables and folders come from. Default: <see cref="PlaceholderEnvironment.System"/>.</param>
    /// <param name="appName">The app's name. Default: the <c>app_name</c> override, else the entry assembly's name, else <c>app</c>.</param>
    /// <param name="overrides">
    /// Ids to add or override, applied in order. A value may use other ids and <c>~</c>. Built-in path ids are made absolute
    /// (a relative value against <c>{cwd}</c>); added ids keep their expanded value as it is (it need not be a path).
    /// </param>
    /// <returns>The map.</returns>
    /// <exception cref="PlaceholderException">An override has a malformed id or a value that cannot be expanded.</exception>
    public static PlaceholderMap Create(
        PlaceholderEnvironment? environment = null,
        string? appName = null,
        IEnumerable<KeyValuePair<string, string>>? overrides = null)
    {
        var env = environment ?? PlaceholderEnvironment.System;
        var extra = overrides?.ToList() ?? [];
        foreach (var (id, _) in extra)
        {
            if (!PlaceholderIds.IsValid(id))
            {
                throw new PlaceholderException(
                    $"'{id}' is not a valid placeholder id: use letters, digits and '_', starting with a letter or '_'.", id, 0, id);
            }
        }

        var name = extra.LastOrDefault(p => p.Key == PlaceholderIds.AppName).Value
            ?? NonEmpty(appName) ?? NonEmpty(env.EntryAssemblyName) ?? "app";
        if (name.IndexOfAny(['/', '\\', '\0']) >= 0 || name is "." or "..")
        {
            throw new PlaceholderException($"The app name '{name}' is not a valid folder name.", name, 0, PlaceholderIds.AppName);
        }

        var values = new List<KeyValuePair<string, string>> { new(PlaceholderIds.AppName, name) };
        values.AddRange(PlaceholderResolver.Resolve(env));
        var map = new PlaceholderMap(values, env.Platform, env.HomeDirectory);

        // Overrides of the base ids first, so that {app} and {ado} follow an overridden {usr} or {doc}.
        foreach (var (id, value) in extra.Where(p => p.Key is not (PlaceholderIds.App or PlaceholderIds.Ado or PlaceholderIds.AppName)))
        {
            map = map.With(id, map.ResolveOverride(id, value));
        }

        map = map.With(PlaceholderIds.App, Path.Join(map[PlaceholderIds.Usr], name))
            .With(PlaceholderIds.Ado, Path.Join(map[PlaceholderIds.Doc], name));
        foreach (var (id, value) in extra.Where(p => p.Key is PlaceholderIds.App or PlaceholderIds.Ado))
        {
            map = map.With(id, map.ResolveOverride(id, value));
        }

        return map;
    }

    /// <summary>Builds the map with overrides from <paramref name="configuration"/>: section <c>AeUpdater:Placeholders</c> and key <c>AeUpdater:AppName</c>.</summary>
    /// <param name="configuration">The configuration (JSON, environment variables <c>AEUPDATER__PLACEHOLDERS__&lt;id&gt;</c>, ...).</param>
    /// <param name="environment">Where home, variables and folders come from. Default: <see cref="PlaceholderEnvironment.System"/>.</param>
    /// <returns>The map.</returns>
    public static PlaceholderMap FromConfiguration(IConfiguration configuration, PlaceholderEnvironment? environment = null)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var overrides = configuration.GetSection(ConfigurationSection).GetChildren()
            .Where(c => c.Value is not null)
            .Select(c => new KeyValuePair<string, string>(c.Key, c.Value!));
        return Create(environment, configuration["AeUpdater:AppName"], overrides);
    }

    /// <summary>Returns a new map with <paramref name="id"/> set to <paramref name="value"/> (taken as it is).</summary>
    /// <param name="id">The id.</param>
    /// <param name="value">The value.</param>
    /// <returns>The new map; this one is unchanged.</returns>
    public PlaceholderMap With(string id, string value)
    {
        if (!PlaceholderIds.IsValid(id))
        {
            throw new PlaceholderException($"'{id}' is not a valid placeholder id.", id, 0, id);
        }

        ArgumentNullException.ThrowIfNull(value);
        var values = _order.Select(k => new KeyValuePair<string, string>(k, _values[k])).ToList();
        values.Add(new(id, value));
        return new PlaceholderMap(values, Platform, HomeDirectory);
    }

    /// <summary>Replaces every <c>{id}</c> in <paramref name="text"/> by its value; <c>{{</c> and <c>}}</c> stand for literal braces.</summary>
    /// <param name="text">The text, e.g. <c>{usr}/x.{apk_ext}</c>.</param>
    /// <returns>The expanded text.</returns>
    /// <exception cref="PlaceholderException">An unknown id, a malformed <c>{...}</c>, or a brace without its partner; the message names the id or position.</exception>
    public string Expand(string text) =>
        TryExpandCore(text, out var result, out var error) ? result : throw error!;

    /// <summary>Like <see cref="Expand"/>, without throwing.</summary>
    /// <param name="text">The text.</param>
    /// <param name="result">The expanded text, or empty on failure.</param>
    /// <param name="error">Why it failed, or <see langword="null"/>.</param>
    /// <returns><see langword="true"/> on success.</returns>
    public bool TryExpand(string text, out string result, out string? error)
    {
        var ok = TryExpandCore(text, out result, out var exception);
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
    public bool Contains(string id) => _values.ContainsKey(id);

    /// <summary>Looks up <paramref name="id"/>.</summary>
    /// <param name="id">The id.</param>
    /// <param name="value">Its value, or empty.</param>
    /// <returns><see langword="true"/> when the id is in the map.</returns>
    public bool TryGetValue(string id, out string value)
    {
        if (_values.TryGetValue(id, out var found))
        {
            value = found;
            return true;
        }

        value = "";
        return false;
    }

    /// <summary>
    /// A built-in path id's override is normalised (absolute, against <c>{cwd}</c>); any other id's value is only expanded
    /// (<c>{id}</c>s and a leading <c>~</c>), because it need not be a path (e.g. <c>apk_ext</c> = <c>apk</c>).
    /// </summary>
    private string ResolveOverride(string id, string value)
    {
        if (PlaceholderIds.BuiltIn.Contains(id, StringComparer.Ordinal))
        {
            return Normalize(value);
        }

        var expanded = Expand(value);
        return expanded == "~" || expanded.StartsWith("~/", StringComparison.Ordinal) ? Normalize(expanded) : expanded;
    }

    private bool TryNormalizeCore(string path, string? baseDirectory, out string result, out PlaceholderException? error)
    {
        ArgumentNullException.ThrowIfNull(path);
        result = "";
        if (!TryExpandCore(path, out var expanded, out error))
        {
            return false;
        }

        if (expanded == "~")
        {
            expanded = HomeDirectory;
        }
        else if (expanded.StartsWith("~/", StringComparison.Ordinal)
            || (expanded.StartsWith("~\\", StringComparison.Ordinal) && Path.DirectorySeparatorChar == '\\'))
        {
            expanded = Path.Join(HomeDirectory, expanded[2..]);
        }

        if (expanded.Length == 0)
        {
            expanded = ".";
        }

        if (expanded.Contains('\0', StringComparison.Ordinal))
        {
            error = new PlaceholderException($"The path '{path}' contains a NUL character.", path, expanded.IndexOf('\0', StringComparison.Ordinal), null);
            return false;
        }

        var full = Path.GetFullPath(expanded, baseDirectory ?? CurrentDirectory);
        result = Path.TrimEndingDirectorySeparator(full);
        return true;
    }

    private bool TryExpandCore(string text, out string result, out PlaceholderException? error)
    {
        ArgumentNullException.ThrowIfNull(text);
        result = "";
        error = null;
        if (text.AsSpan().IndexOfAny('{', '}') < 0)
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

            var close = text.IndexOf('}', i + 1);
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
                    $"'{{{id}}}' at position {i} in '{text}' is not a placeholder: ids are letters, digits and '_'.", text, i, id);
                return false;
            }

            if (!_values.TryGetValue(id, out var value))
            {
                error = new PlaceholderException(
                    $"Unknown placeholder '{{{id}}}' at position {i} in '{text}'; known ids: {string.Join(", ", _order)}.", text, i, id);
                return false;
            }

            builder.Append(value);
            i = close;
        }

        result = builder.ToString();
        return true;
    }

    private static string? NonEmpty(string? value) => string.IsNullOrEmpty(value) ? null : value;
}
