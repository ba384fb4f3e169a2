namespace AeUpdater.Tuf.Client;

/// <summary>Writes a file all or nothing: a temporary file beside it, flushed to disk, then renamed over it.</summary>
internal static class AtomicFile
{
    public static string TempPathFor(string path) =>
        Path.Join(Path.GetDirectoryName(path), "." + Path.GetFileName(path) + "." + Guid.NewGuid().ToString("N")[..12] + ".part");

    public static void Write(string path, byte[] data)
    {
        var temp = TempPathFor(path);
        try
        {
            using (var stream = new FileStream(temp, FileMode.CreateNew, FileAccess.Write))
            {
                stream.Write(data);
                stream.Flush(flushToDisk: true);
            }

            File.Move(temp, path, overwrite: true);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            TryDelete(temp);
            throw new StorageException($"{path}: cannot write: {ex.Message}", ex);
        }
    }

    public static void TryDelete(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            // Best effort: a leftover temporary file is never read as metadata or a target.
        }
    }
}
