namespace AeUpdater.Tuf.Client;

/// <summary>
/// The trusted metadata folder: one <c>ROLE.json</c> per role (the role name percent-encoded as a URL path
/// segment would be, so <c>a/b</c> is <c>a%2Fb.json</c>), each the exact bytes received, written atomically
/// (temporary file, flush to disk, rename). Temporary files never end in <c>.json</c>.
/// </summary>
internal sealed class MetadataStore
{
    public MetadataStore(string directory)
    {
        Directory = directory;
    }

    public string Directory { get; }

    public static string FileName(string roleName) => Uri.EscapeDataString(roleName) + ".json";

    public string PathOf(string roleName) => Path.Join(Directory, FileName(roleName));

    /// <summary>The stored bytes, or <see langword="null"/> when there are none.</summary>
    public byte[]? TryRead(string roleName)
    {
        try
        {
            return File.ReadAllBytes(PathOf(roleName));
        }
        catch (Exception ex) when (ex is FileNotFoundException or DirectoryNotFoundException)
        {
            return null;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new StorageException($"{PathOf(roleName)}: cannot read trusted metadata: {ex.Message}", ex);
        }
    }

    public void Write(string roleName, byte[] data) => AtomicFile.Write(PathOf(roleName), data);

    public void Delete(string roleName)
    {
        try
        {
            File.Delete(PathOf(roleName));
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new StorageException($"{PathOf(roleName)}: cannot delete: {ex.Message}", ex);
        }
    }
}
