using System.Collections.ObjectModel;
using System.Text;

namespace AeUpdater.Placeholders;

/// <summary>Converts paths to and from folder-name-safe text, byte for byte as Python's <c>ae.base.defuse</c>/<c>dedefuse</c>.</summary>
/// <remarks>
/// <c>dedefuse</c> is not injective: text that already holds one of the target characters (e.g. <c>⁄</c>) comes back
/// as the ASCII character. The round trip holds for every pure-ASCII string.
/// </remarks>
public static class Defuser
{
    /// <summary>The URI separator that is replaced before the single-character table.</summary>
    public const string UriSeparator = "://";

    /// <summary>The character that stands for <see cref="UriSeparator"/> (U+2AFB TRIPLE SOLIDUS BINARY RELATION).</summary>
    public const char UriSeparatorChar = '\u2AFB';

    private static readonly (char Ascii, char Unicode)[] Pairs = BuildTable();
    private static readonly ReadOnlyCollection<(char Ascii, char Unicode)> ReadOnlyPairs = Array.AsReadOnly(Pairs);
    private static readonly Dictionary<char, char> DefuseMap = Pairs.ToDictionary(p => p.Ascii, p => p.Unicode);
    private static readonly Dictionary<char, char> DedefuseMap = Pairs.ToDictionary(p => p.Unicode, p => p.Ascii);

    /// <summary>The single-character table (ASCII to Unicode) in upstream order.</summary>
    public static IReadOnlyList<(char Ascii, char Unicode)> Table => ReadOnlyPairs;

    /// <summary>Makes <paramref name="value"/> usable as (part of) a file or folder name: <c>://</c> first, then the table.</summary>
    /// <param name="value">The text to defuse, e.g. a path such as <c>{app}/config</c>.</param>
    /// <returns>The defused text, e.g. <c>﹛app﹜⁄config</c>.</returns>
    public static string Defuse(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        var text = value.Replace(UriSeparator, UriSeparatorChar.ToString(), StringComparison.Ordinal);
        var builder = new StringBuilder(text.Length);
        foreach (var c in text)
        {
            builder.Append(DefuseMap.TryGetValue(c, out var mapped) ? mapped : c);
        }

        return builder.ToString();
    }

    /// <summary>Reverses <see cref="Defuse"/>: the table back to ASCII, and <c>⫻</c> back to <c>://</c>.</summary>
    /// <param name="value">Defused text, e.g. the value of a <c>ToPath__</c> folder-name argument.</param>
    /// <returns>The original text.</returns>
    public static string Dedefuse(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        var builder = new StringBuilder(value.Length);
        foreach (var c in value)
        {
            if (c == UriSeparatorChar)
            {
                builder.Append(UriSeparator);
            }
            else
            {
                builder.Append(DedefuseMap.TryGetValue(c, out var mapped) ? mapped : c);
            }
        }

        return builder.ToString();
    }

    private static (char, char)[] BuildTable()
    {
        var table = new List<(char, char)>
        {
            ('/', '\u2044'),
            ('|', '\u0964'),
            ('\\', '\uFE68'),
            (':', '\uFE55'),
            ('*', '\uFE61'),
            ('?', '\uFE56'),
            ('"', '\uFF02'),
            ('\'', '\u2018'),
            ('<', '\u27E8'),
            ('>', '\u27E9'),
            ('(', '\u27EE'),
            (')', '\u27EF'),
            ('[', '\u27E6'),
            (']', '\u27E7'),
            ('{', '\uFE5B'),
            ('}', '\uFE5C'),
            ('#', '\uFE5F'),
            (';', '\uFE54'),
            ('@', '\uFE6B'),
            ('&', '\uFE60'),
            ('=', '\uFE66'),
            ('+', '\uFE62'),
            ('$', '\uFE69'),
            ('%', '\uFE6A'),
            ('^', '\uFF3E'),
            (',', '\uFE50'),
            (' ', '\u2423'),
            ('\u007F', '\u2421'),
        };
        for (var code = 0; code < 32; code++)
        {
            table.Add(((char)code, (char)(0x2400 + code)));
        }

        return [.. table];
    }
}
