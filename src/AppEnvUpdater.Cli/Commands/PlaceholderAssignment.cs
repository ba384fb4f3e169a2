using AeUpdater.Placeholders;

namespace AeUpdater.Cli.Commands;

/// <summary>One <c>--placeholder ID=PATH</c> value.</summary>
internal readonly record struct PlaceholderAssignment(string Id, string Path)
{
    public static bool TryParse(string text, out PlaceholderAssignment assignment, out string? error)
    {
        assignment = default;
        var equals = text.IndexOf('=', StringComparison.Ordinal);
        if (equals < 0)
        {
            error = $"--placeholder '{text}': expected ID=PATH, e.g. --placeholder usr=/tmp/usr.";
            return false;
        }

        var id = text[..equals].Trim();
        var path = text[(equals + 1)..];
        if (!PlaceholderIds.IsValid(id))
        {
            error = $"--placeholder '{text}': '{id}' is not a placeholder id (letters, digits and '_', not starting with a digit).";
            return false;
        }

        if (path.Length == 0)
        {
            error = $"--placeholder '{text}': the path is empty.";
            return false;
        }

        assignment = new PlaceholderAssignment(id, path);
        error = null;
        return true;
    }
}
