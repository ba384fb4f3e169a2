namespace AeUpdater.Tests.TestSupport;

/// <summary>A fact that mounts a tiny tmpfs; skipped with the reason when mounting is not permitted.</summary>
public sealed class TinyDiskFactAttribute : FactAttribute
{
    public TinyDiskFactAttribute()
    {
        if (OperatingSystem.IsWindows())
        {
            Skip = "Linux only";
        }
        else if (TinyDisk.WhyUnavailable is { } why)
        {
            Skip = why;
        }
    }
}
