namespace AeUpdater.Installs.Tests.Support;

/// <summary>Bounded waits.</summary>
public static class Wait
{
    public static void ForFile(string file)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (!File.Exists(file))
        {
            Assert.True(DateTime.UtcNow < deadline, $"'{file}' did not appear in 30 s");
            Thread.Sleep(20);
        }
    }
}
