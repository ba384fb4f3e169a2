namespace AeUpdater.Launcher;

/// <summary>
/// A small SemVer 2.0 parser and precedence comparer (the library uses NuGet.Versioning; a test checks that both
/// order the same). Build metadata does not change precedence; equal precedence falls back to ordinal text order so
/// that the order is total and deterministic.
/// </summary>
internal sealed class SemVer : IComparable<SemVer>
{
    private SemVer(string text, int major, int minor, int patch, string[] preRelease)
    {
        Text = text;
        Major = major;
        Minor = minor;
        Patch = patch;
        PreRelease = preRelease;
    }

    public string Text { get; }

    public int Major { get; }

    public int Minor { get; }

    public int Patch { get; }

    public string[] PreRelease { get; }

    public static bool TryParse(string text, out SemVer? version)
    {
        version = null;
        var core = text;
        var plus = core.IndexOf('+', StringComparison.Ordinal);
        if (plus >= 0)
        {
            if (!ValidIdentifiers(core[(plus + 1)..], numericRule: false))
            {
                return false;
            }

            core = core[..plus];
        }

        string[] preRelease = [];
        var dash = core.IndexOf('-', StringComparison.Ordinal);
        if (dash >= 0)
        {
            var pre = core[(dash + 1)..];
            if (!ValidIdentifiers(pre, numericRule: true))
            {
                return false;
            }

            preRelease = pre.Split('.');
            core = core[..dash];
        }

        var parts = core.Split('.');
        if (parts.Length != 3 || !TryNumber(parts[0], out var major) || !TryNumber(parts[1], out var minor) || !TryNumber(parts[2], out var patch))
        {
            return false;
        }

        version = new SemVer(text, major, minor, patch, preRelease);
        return true;
    }

    public int CompareTo(SemVer? other)
    {
        if (other is null)
        {
            return 1;
        }

        var c = Major.CompareTo(other.Major);
        if (c == 0)
        {
            c = Minor.CompareTo(other.Minor);
        }

        if (c == 0)
        {
            c = Patch.CompareTo(other.Patch);
        }

        if (c == 0)
        {
            c = ComparePreRelease(PreRelease, other.PreRelease);
        }

        return c != 0 ? c : string.CompareOrdinal(Text, other.Text);
    }

    private static int ComparePreRelease(string[] a, string[] b)
    {
        if (a.Length == 0 || b.Length == 0)
        {
            // A release ranks above any of its pre-releases.
            return b.Length.CompareTo(a.Length);
        }

        for (var i = 0; i < Math.Min(a.Length, b.Length); i++)
        {
            var aNumeric = IsDigits(a[i]);
            var bNumeric = IsDigits(b[i]);
            int c;
            if (aNumeric && bNumeric)
            {
                c = a[i].Length != b[i].Length ? a[i].Length.CompareTo(b[i].Length) : string.CompareOrdinal(a[i], b[i]);
            }
            else if (aNumeric != bNumeric)
            {
                c = aNumeric ? -1 : 1;
            }
            else
            {
                c = string.CompareOrdinal(a[i], b[i]);
            }

            if (c != 0)
            {
                return Math.Sign(c);
            }
        }

        return a.Length.CompareTo(b.Length);
    }

    private static bool TryNumber(string s, out int value) =>
        int.TryParse(s, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out value)
        && (s.Length == 1 || s[0] != '0');

    private static bool ValidIdentifiers(string s, bool numericRule)
    {
        if (s.Length == 0)
        {
            return false;
        }

        foreach (var id in s.Split('.'))
        {
            if (id.Length == 0)
            {
                return false;
            }

            foreach (var ch in id)
            {
                if (!char.IsAsciiLetterOrDigit(ch) && ch != '-')
                {
                    return false;
                }
            }

            if (numericRule && id.Length > 1 && id[0] == '0' && IsDigits(id))
            {
                return false;
            }
        }

        return true;
    }

    private static bool IsDigits(string s)
    {
        foreach (var ch in s)
        {
            if (!char.IsAsciiDigit(ch))
            {
                return false;
            }
        }

        return true;
    }
}
