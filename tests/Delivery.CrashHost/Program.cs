using System.Diagnostics;
using AeUpdater.Delivery.Updating;

// Usage: METADATA_URL TARGET_URL TRUSTED_ROOT APP ROOT STATE KILL_AT_STEP
if (args.Length != 7)
{
    Console.Error.WriteLine("usage: METADATA_URL TARGET_URL TRUSTED_ROOT APP ROOT STATE KILL_AT_STEP");
    return 2;
}

var client = new UpdateClient(new UpdateClientOptions
{
    MetadataUrl = args[0],
    TargetBaseUrl = args[1],
    TrustedRootPath = args[2],
    AppName = args[3],
    Root = args[4],
    StateDirectory = args[5],
});
var killAt = args[6];
client.Installer.StepReached = step =>
{
    Console.Out.WriteLine("step " + step);
    Console.Out.Flush();
    if (step == killAt)
    {
        // SIGKILL: no finally blocks, no flushing; as a power cut for this process.
        Process.GetCurrentProcess().Kill();
        Thread.Sleep(Timeout.Infinite);
    }
};

var result = await client.UpdateAsync();
Console.Out.WriteLine("result " + result.Status + " " + result.Error);
return result.Status == UpdateStatus.Updated ? 0 : 1;
