using AeUpdater.Placeholders;

namespace AeUpdater.Rules;

/// <summary>
/// Parses drop-in folder names (only the folder's own name, never the whole path). Pure: names in, results out; it
/// never throws for bad input.
/// </summary>
internal static class FolderNameParser
{
    /// <summary>Classifies and parses <paramref name="name"/>.</summary>
    /// <param name="name">A folder's name (no path).</param>
    /// <param name="parsed">The parsed name when the result is <see cref="FolderNameMatch.Valid"/>.</param>
    /// <param name="reason">Why the name is a near miss or invalid; <see langword="null"/> otherwise.</param>
    /// <returns>The classification.</returns>
    public static FolderNameMatch TryParse(string name, out ParsedFolderName? parsed, out string? reason)
    {
        parsed = null;
        reason = null;
        if (string.IsNullOrEmpty(name) || name[0] == '.')
        {
            return FolderNameMatch.None;
        }

        foreach (var kind in DropInFolderNames.Kinds)
        {
            var kindName = DropInFolderNames.NameOf(kind);
            if (name == kindName)
            {
                parsed = new ParsedFolderName(kind, null, []);
                return FolderNameMatch.Valid;
            }

            if (name.StartsWith(kindName + DropInFolderNames.ArgumentSeparator, StringComparison.Ordinal))
            {
                var arguments = name[(kindName.Length + DropInFolderNames.ArgumentSeparator.Length)..];
                return ParseArguments(kind, arguments, out parsed, out reason);
            }

            if (name.StartsWith(kindName, StringComparison.Ordinal))
            {
                reason = $"the name starts with '{kindName}' but is not followed by '{DropInFolderNames.ArgumentSeparator}' and arguments; " +
                    "it is not a drop-in folder (upstream ae.updater would have applied it)";
                return FolderNameMatch.NearMiss;
            }
        }

        if (name.StartsWith(DropInFolderNames.CommonPrefix, StringComparison.OrdinalIgnoreCase))
        {
            var kinds = string.Join(", ", DropInFolderNames.Kinds.Select(DropInFolderNames.NameOf));
            reason = $"the name starts with '{DropInFolderNames.CommonPrefix}' but is none of the drop-in kinds ({kinds}; names are case-sensitive)";
            return FolderNameMatch.NearMiss;
        }

        return FolderNameMatch.None;
    }

    private static FolderNameMatch ParseArguments(DropInKind kind, string arguments, out ParsedFolderName? parsed, out string? reason)
    {
        parsed = null;
        string? toPath = null;
        var platforms = new List<string>();
        var parts = arguments.Split(DropInFolderNames.ArgumentSeparator);
        for (var i = 0; i < parts.Length; i++)
        {
            var part = parts[i];
            if (part.Length == 0)
            {
                reason = $"argument {i + 1} is empty (a '{DropInFolderNames.ArgumentSeparator}' with nothing after it, or four or more underscores in a row)";
                return FolderNameMatch.Invalid;
            }

            if (part.StartsWith(DropInFolderNames.ToPath, StringComparison.Ordinal))
            {
                var value = part[DropInFolderNames.ToPath.Length..];
                if (toPath is not null)
                {
                    reason = $"'{DropInFolderNames.ToPath}' is given more than once; a folder has one destination";
                    return FolderNameMatch.Invalid;
                }

                if (value.Length == 0)
                {
                    reason = $"'{DropInFolderNames.ToPath}' has no value; write the defused destination path after it";
                    return FolderNameMatch.Invalid;
                }

                toPath = Defuser.Dedefuse(value);
            }
            else if (part.StartsWith(DropInFolderNames.OnOS, StringComparison.Ordinal))
            {
                var value = part[DropInFolderNames.OnOS.Length..];
                if (value.Length == 0)
                {
                    reason = $"'{DropInFolderNames.OnOS}' has no value; write a platform id after it ({string.Join(", ", PlatformIds.All)})";
                    return FolderNameMatch.Invalid;
                }

                platforms.Add(value);
            }
            else
            {
                reason = $"unknown argument '{part}'; the known arguments are '{DropInFolderNames.ToPath}<defused path>' and '{DropInFolderNames.OnOS}<platform id>'";
                return FolderNameMatch.Invalid;
            }
        }

        reason = null;
        parsed = new ParsedFolderName(kind, toPath, platforms);
        return FolderNameMatch.Valid;
    }
}
