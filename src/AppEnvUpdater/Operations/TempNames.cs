using System.Text;

namespace AeUpdater.Operations;

/// <summary>
/// The names of AeUpdater's temporary files in a destination folder: <c>.&lt;name&gt;.&lt;run id&gt;-&lt;index&gt;.aeupd-tmp</c>.
/// They say whose they are (the run id, 32 hex digits, is the journal's) and for which planned operation (its
/// index), so recovery removes exactly the interrupted run's own, never another app's in the same folder.
/// </summary>
internal static class TempNames
{
    /// <summary>The longest file name Linux, macOS and Windows file systems take, in bytes (UTF-8).</summary>
    public const int MaxNameBytes = 255;

    /// <summary>
    /// The temporary name for operation <paramref name="index"/> of run <paramref name="runId"/> whose destination file is
    /// <paramref name="fileName"/>: the name is cut (at a character boundary) so that the whole stays within 255 bytes.
    /// <see langword="null"/> when even an empty name part would not fit (a run id that is not the engine's).
    /// </summary>
    public static string? For(string fileName, string runId, int index)
    {
        var tail = $".{runId}-{index}{FileOperator.TempSuffix}";
        var budget = MaxNameBytes - 1 - Encoding.UTF8.GetByteCount(tail);
        if (budget < 0)
        {
            return null;
        }

        var stem = new StringBuilder();
        var used = 0;
        foreach (var rune in fileName.EnumerateRunes())
        {
            if (used + rune.Utf8SequenceLength > budget)
            {
                break;
            }

            used += rune.Utf8SequenceLength;
            stem.Append(rune.ToString());
        }

        return "." + stem + tail;
    }
}
