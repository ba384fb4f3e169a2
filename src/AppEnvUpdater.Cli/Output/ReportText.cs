using System.Globalization;
using System.Text;

namespace AeUpdater.Cli.Output;

/// <summary>
/// Makes text that comes from the disk (file and folder names, reasons that quote them) safe to print on a terminal:
/// control characters (C0, DEL, C1), line and paragraph separators, bidirectional and other invisible format
/// characters, and unpaired surrogates become escapes (<c>\x1B</c>, <c>\u202E</c>), so that a crafted name can neither
/// move the cursor, change colours, split a line nor reverse the text shown around it.
/// </summary>
internal static class ReportText
{
    public static string Escape(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var index = 0;
        while (index < text.Length && !NeedsEscape(text, index))
        {
            index += char.IsHighSurrogate(text[index]) ? 2 : 1;
        }

        if (index >= text.Length)
        {
            return text;
        }

        var builder = new StringBuilder(text.Length + 8).Append(text, 0, index);
        for (var i = index; i < text.Length; i++)
        {
            var c = text[i];
            if (char.IsHighSurrogate(c) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
            {
                builder.Append(c).Append(text[i + 1]);
                i++;
            }
            else if (NeedsEscape(text, i))
            {
                builder.Append(c <= '\u00FF'
                    ? string.Create(CultureInfo.InvariantCulture, $"\\x{(int)c:X2}")
                    : string.Create(CultureInfo.InvariantCulture, $"\\u{(int)c:X4}"));
            }
            else
            {
                builder.Append(c);
            }
        }

        return builder.ToString();
    }

    private static bool NeedsEscape(string text, int index)
    {
        var c = text[index];
        if (char.IsHighSurrogate(c))
        {
            return index + 1 >= text.Length || !char.IsLowSurrogate(text[index + 1]);
        }

        return char.GetUnicodeCategory(c) is UnicodeCategory.Control
            or UnicodeCategory.Format
            or UnicodeCategory.LineSeparator
            or UnicodeCategory.ParagraphSeparator
            or UnicodeCategory.Surrogate;
    }
}
