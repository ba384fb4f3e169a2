namespace AeUpdater.Tuf.Tests.Support;

/// <summary>A clock the test sets.</summary>
public sealed class FakeTime(DateTimeOffset now) : TimeProvider
{
    public DateTimeOffset Now { get; set; } = now;

    public override DateTimeOffset GetUtcNow() => Now;
}
