namespace AeUpdater.Tests.TestSupport;

/// <summary>A fact that needs a second Unix user (the tests run as root, as in CI); skipped with the reason otherwise.</summary>
public sealed class OtherUserFactAttribute : FactAttribute
{
    public OtherUserFactAttribute()
    {
        if (OperatingSystem.IsWindows() || !OtherUser.Available)
        {
            Skip = "needs root with useradd and runuser (a second Unix user), as in CI";
        }
    }
}
