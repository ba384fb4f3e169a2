namespace AeUpdater.Placeholders;

/// <summary>
/// Searches for a character in short text (paths, ids, names) with a plain loop.
/// </summary>
/// <remarks>
/// What <c>string.IndexOf(char)</c>, <c>IndexOfAny</c> and <c>Contains(char, StringComparison)</c> answer, without their
/// vectorised code: the first use of those in a process loads the runtime's vector types and their generic interfaces,
/// about 10 million instructions (3 ms), which every app would pay at the start for the no-op <c>CheckAll</c>
/// (docs/performance.md, "First call: fourth round"). The text searched here is a path or a name: a loop is as fast.
/// </remarks>
internal static class CharScan
{
    /// <summary>The index of the first <paramref name="value"/> in <paramref name="text"/> at or after <paramref name="start"/>, or -1.</summary>
    public static int IndexOf(string text, char value, int start = 0)
    {
        for (var i = start; i < text.Length; i++)
        {
            if (text[i] == value)
            {
                return i;
            }
        }

        return -1;
    }

    /// <summary>The index of the first <paramref name="first"/> or <paramref name="second"/> in <paramref name="text"/>, or -1.</summary>
    public static int IndexOfAny(string text, char first, char second)
    {
        for (var i = 0; i < text.Length; i++)
        {
            if (text[i] == first || text[i] == second)
            {
                return i;
            }
        }

        return -1;
    }

    /// <summary>The index of the first character of <paramref name="text"/> at or after <paramref name="start"/> that is not an ASCII digit, or -1.</summary>
    public static int IndexOfAnyExceptAsciiDigit(string text, int start)
    {
        for (var i = start; i < text.Length; i++)
        {
            if (!char.IsAsciiDigit(text[i]))
            {
                return i;
            }
        }

        return -1;
    }

    /// <summary>Whether <paramref name="text"/> holds <paramref name="value"/>.</summary>
    public static bool Contains(string text, char value) => IndexOf(text, value) >= 0;
}
