using AeUpdater.Tuf.Client;
using AeUpdater.Tuf.Crypto;
using AeUpdater.Tuf.Models;
using AeUpdater.Tuf.Repository;

namespace AeUpdater.Tuf.Tests.Support;

/// <summary>
/// A real repository on disk served by a <see cref="LoopbackServer"/>, and a client folder: <c>repo/metadata</c>,
/// <c>repo/targets</c>, <c>client/metadata</c>, <c>client/targets</c> in a temporary tree. One signer per top-level role.
/// </summary>
public sealed class TestRepo : IDisposable
{
    public TestRepo(bool consistentSnapshot = true, string keyType = "ed25519")
    {
        Tree = TempTree.Create();
        Time = new FakeTime(DateTimeOffset.UtcNow);
        Repository = TufRepository.Create(consistentSnapshot, Time);
        foreach (var role in SignedPayload.TopLevelRoles)
        {
            var signer = TufSigner.Generate(keyType);
            Signers[role] = signer;
            Repository.AddKey(role, signer);
        }

        Directory.CreateDirectory(MetadataDir);
        Directory.CreateDirectory(TargetsDir);
        Server = new LoopbackServer(Tree.PathOf("repo"));
        Publish();
    }

    public TempTree Tree { get; }

    public FakeTime Time { get; }

    public TufRepository Repository { get; }

    public Dictionary<string, TufSigner> Signers { get; } = new(StringComparer.Ordinal);

    public LoopbackServer Server { get; }

    public string MetadataDir => Tree.PathOf("repo/metadata");

    public string TargetsDir => Tree.PathOf("repo/targets");

    public string ClientMetadataDir => Tree.PathOf("client/metadata");

    public string ClientTargetsDir => Tree.PathOf("client/targets");

    public string MetadataUrl => Server.BaseUrl + "metadata/";

    public string TargetsUrl => Server.BaseUrl + "targets/";

    public IReadOnlyList<string> Publish() => Repository.Publish(MetadataDir);

    /// <summary>Trusts version 1 of root in the client folder.</summary>
    public void InitClient() => Updater.InitializeTrustedRoot(ClientMetadataDir, File.ReadAllBytes(Path.Join(MetadataDir, "1.root.json")));

    public Updater NewUpdater(UpdaterConfig? config = null) =>
        new(ClientMetadataDir, MetadataUrl, ClientTargetsDir, TargetsUrl, config: config, timeProvider: Time);

    /// <summary>Adds a target with <paramref name="content"/> and publishes.</summary>
    public TargetFile AddTarget(string path, byte[] content, string role = "targets")
    {
        var local = Tree.PathOf("src/" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(Path.GetDirectoryName(local)!);
        File.WriteAllBytes(local, content);
        var target = Repository.AddTargetFile(local, path, TargetsDir, role);
        Publish();
        return target;
    }

    public byte[] Served(string fileName) => File.ReadAllBytes(Path.Join(MetadataDir, fileName));

    public byte[]? Stored(string fileName)
    {
        var path = Path.Join(ClientMetadataDir, fileName);
        return File.Exists(path) ? File.ReadAllBytes(path) : null;
    }

    /// <summary>Overwrites a served metadata file with <paramref name="metadata"/> re-signed by <paramref name="signers"/>.</summary>
    public void Serve(string fileName, Metadata metadata, params TufSigner[] signers)
    {
        for (var i = 0; i < signers.Length; i++)
        {
            metadata.Sign(signers[i], append: i > 0);
        }

        File.WriteAllBytes(Path.Join(MetadataDir, fileName), metadata.ToBytes());
    }

    public Metadata Parse(string fileName) => Metadata.FromBytes(Served(fileName));

    public void Dispose()
    {
        Server.Dispose();
        foreach (var signer in Signers.Values)
        {
            signer.Dispose();
        }

        Tree.Dispose();
    }
}
