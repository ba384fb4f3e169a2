namespace AeUpdater.Tuf.Models;

/// <summary>
/// Target path patterns as the spec and python-tuf match them: the path and the pattern are split on <c>/</c>, must
/// have as many parts, and each part matches with shell-style wildcards (Python's <c>fnmatch</c>, case-sensitive):
/// <c>*</c> any run of characters, <c>?</c> one character, <c>[seq]</c>, <c>[!seq]</c>.
/// </summary>
internal static class PathPattern
{
    public static bool IsMatch(string targetPath, string pattern)
    {
        var targetParts = targetPath.Split('/');
        var patternParts = pattern.Split('/');
        if (targetParts.Length != patternParts.Length)
        {
            return false;
        }

        for (var i = 0; i < targetParts.Length; i++)
        {
            if (!FnMatch(targetParts[i], 0, patternParts[i], 0))
            {
                return false;
            }
        }

        return true;
    }

    private static bool FnMatch(string text, int t, string pattern, int p)
    {
        while (p < pattern.Length)
        {
            var c = pattern[p];
            switch (c)
            {
                case '*':
                    while (p < pattern.Length && pattern[p] == '*')
                    {
                        p++;
                    }

                    if (p == pattern.Length)
                    {
                        return true;
                    }

                    for (var k = t; k <= text.Length; k++)
                    {
                        if (FnMatch(text, k, pattern, p))
                        {
                            return true;
                        }
                    }

                    return false;
                case '?':
                    if (t >= text.Length)
                    {
                        return false;
                    }

                    t++;
                    p++;
                    break;
                case '[':
                    var end = ClassEnd(pattern, p);
                    if (end < 0)
                    {
                        // No closing bracket: Python treats '[' literally.
                        if (t >= text.Length || text[t] != '[')
                        {
                            return false;
                        }

                        t++;
                        p++;
                        break;
                    }

                    if (t >= text.Length || !InClass(text[t], pattern, p + 1, end))
                    {
                        return false;
                    }

                    t++;
                    p = end + 1;
                    break;
                default:
                    if (t >= text.Length || text[t] != c)
                    {
                        return false;
                    }

                    t++;
                    p++;
                    break;
            }
        }

        return t == text.Length;
    }

    /// <summary>The index of the <c>]</c> closing the class that starts at <paramref name="start"/>, or -1.</summary>
    private static int ClassEnd(string pattern, int start)
    {
        var i = start + 1;
        if (i < pattern.Length && pattern[i] == '!')
        {
            i++;
        }

        if (i < pattern.Length && pattern[i] == ']')
        {
            i++;
        }

        while (i < pattern.Length && pattern[i] != ']')
        {
            i++;
        }

        return i < pattern.Length ? i : -1;
    }

    private static bool InClass(char c, string pattern, int from, int end)
    {
        var negate = from < end && pattern[from] == '!';
        if (negate)
        {
            from++;
        }

        var matched = false;
        for (var i = from; i < end; i++)
        {
            if (i + 2 < end && pattern[i + 1] == '-')
            {
                if (c >= pattern[i] && c <= pattern[i + 2])
                {
                    matched = true;
                }

                i += 2;
            }
            else if (pattern[i] == c)
            {
                matched = true;
            }
        }

        return matched != negate;
    }
}
