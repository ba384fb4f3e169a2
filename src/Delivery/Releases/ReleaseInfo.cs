using System.Globalization;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using AeUpdater.Tuf.Models;
using NuGet.Versioning;

namespace AeUpdater.Delivery.Releases;

/// <summary>What a published archive or patch is, as the signed <c>custom</c> data of its target says.</summary>
public sealed record ReleaseTarget
{
    /// <summary>The target (path, length, hashes).</summary>
    public required TargetFile Target { get; init; }

    /// <summary>Whether it is a patch (else an archive).</summary>
    public required bool IsPatch { get; init; }

    /// <summary>The version this archive holds, or this patch produces.</summary>
    public required NuGetVersion Version { get; init; }

    /// <summary>For a patch: the version it applies to.</summary>
    public NuGetVersion? From { get; init; }

    /// <summary>Whether clients must install this release before any later one.</summary>
    public bool Required { get; init; }

    /// <summary>The length of the uncompressed tar of <see cref="Version"/>.</summary>
    public required long TarLength { get; init; }

    /// <summary>The SHA-256 of the uncompressed tar of <see cref="Version"/> (lower-case hex).</summary>
    public required string TarSha256 { get; init; }

    /// <summary>For a patch: the SHA-256 of the tar it applies to.</summary>
    public string? FromTarSha256 { get; init; }
}

/// <summary>Release names (tufup's: <c>APP-VERSION.tar.gz</c>, <c>APP-VERSION.patch</c>), versions and channels.</summary>
public static partial class ReleaseNames
{
    /// <summary>The key of this product's object inside a target's <c>custom</c>.</summary>
    public const string CustomKey = "aeupdater";

    /// <summary>The patch format written and read: a zstd frame of the new tar with the old tar as its raw-content dictionary.</summary>
    public const string PatchFormat = "zstd-patch-from";

    /// <summary>Whether <paramref name="name"/> is a valid app name: letters, digits, <c>.</c>, <c>_</c>, <c>-</c>, at most 64, starting with a letter or digit.</summary>
    public static bool IsValidAppName(string name) => AppNamePattern().IsMatch(name);

    /// <summary>Parses a SemVer 2.0 version strictly (three numbers, optional pre-release; no build metadata).</summary>
    /// <exception cref="FormatException">Not a SemVer 2.0 version, or it has build metadata.</exception>
    public static NuGetVersion ParseVersion(string text)
    {
        if (!NuGetVersion.TryParseStrict(text, out var version))
        {
            throw new FormatException($"'{text}' is not a SemVer 2.0 version (MAJOR.MINOR.PATCH[-PRERELEASE]).");
        }

        if (version.HasMetadata)
        {
            throw new FormatException($"'{text}' has build metadata ('+{version.Metadata}'); SemVer ignores it when ordering versions, so releases cannot use it.");
        }

        return version;
    }

    /// <summary>The archive's target name.</summary>
    public static string ArchiveName(string app, NuGetVersion version) => $"{app}-{version.ToNormalizedString()}.tar.gz";

    /// <summary>The patch's target name (the patch that produces <paramref name="version"/>).</summary>
    public static string PatchName(string app, NuGetVersion version) => $"{app}-{version.ToNormalizedString()}.patch";

    /// <summary>The channel a version belongs to (by its first pre-release label; unknown labels count as alpha).</summary>
    public static Channel ChannelOf(NuGetVersion version)
    {
        if (!version.IsPrerelease)
        {
            return Channel.Stable;
        }

        return version.ReleaseLabels.First().ToLowerInvariant() switch
        {
            "rc" => Channel.Rc,
            "beta" => Channel.Beta,
            _ => Channel.Alpha,
        };
    }

    /// <summary>Whether <paramref name="channel"/> receives <paramref name="version"/>.</summary>
    public static bool IsIn(NuGetVersion version, Channel channel) => ChannelOf(version) <= channel;

    /// <summary>Parses a channel name (<c>stable</c>, <c>rc</c>, <c>beta</c>, <c>alpha</c>; case-insensitive).</summary>
    public static Channel ParseChannel(string text) => text.ToLowerInvariant() switch
    {
        "stable" => Channel.Stable,
        "rc" => Channel.Rc,
        "beta" => Channel.Beta,
        "alpha" => Channel.Alpha,
        _ => throw new FormatException($"'{text}' is not a channel: use stable, rc, beta or alpha."),
    };

    /// <summary>The signed custom data of an archive target.</summary>
    public static JsonObject ArchiveCustom(string app, NuGetVersion version, bool required, long tarLength, string tarSha256) => new()
    {
        [CustomKey] = new JsonObject
        {
            ["kind"] = "archive",
            ["app"] = app,
            ["version"] = version.ToNormalizedString(),
            ["required"] = required,
            ["tar_length"] = tarLength,
            ["tar_sha256"] = tarSha256,
        },
    };

    /// <summary>The signed custom data of a patch target.</summary>
    public static JsonObject PatchCustom(string app, NuGetVersion from, string fromTarSha256, NuGetVersion version, long tarLength, string tarSha256) => new()
    {
        [CustomKey] = new JsonObject
        {
            ["kind"] = "patch",
            ["app"] = app,
            ["version"] = version.ToNormalizedString(),
            ["from"] = from.ToNormalizedString(),
            ["format"] = PatchFormat,
            ["from_tar_sha256"] = fromTarSha256,
            ["tar_length"] = tarLength,
            ["tar_sha256"] = tarSha256,
        },
    };

    /// <summary>
    /// Reads a target of <paramref name="app"/>: <see langword="null"/> when its name is not one of the app's archives
    /// or patches, or its custom data is missing or does not match the name (such targets are ignored).
    /// </summary>
    public static ReleaseTarget? TryRead(string app, TargetFile target)
    {
        var name = target.Path;
        var prefix = app + "-";
        if (!name.StartsWith(prefix, StringComparison.Ordinal))
        {
            return null;
        }

        bool isPatch;
        string versionText;
        if (name.EndsWith(".tar.gz", StringComparison.Ordinal))
        {
            isPatch = false;
            versionText = name[prefix.Length..^".tar.gz".Length];
        }
        else if (name.EndsWith(".patch", StringComparison.Ordinal))
        {
            isPatch = true;
            versionText = name[prefix.Length..^".patch".Length];
        }
        else
        {
            return null;
        }

        if (!NuGetVersion.TryParseStrict(versionText, out var version) || target.Custom?[CustomKey] is not JsonObject custom)
        {
            return null;
        }

        try
        {
            var kind = (string?)custom["kind"];
            var customVersion = NuGetVersion.Parse((string)custom["version"]!);
            if (kind != (isPatch ? "patch" : "archive") || (string?)custom["app"] != app || customVersion != version)
            {
                return null;
            }

            var tarLength = (long)custom["tar_length"]!;
            var tarSha256 = ((string)custom["tar_sha256"]!).ToLowerInvariant();
            if (tarLength < 0 || tarSha256.Length != 64)
            {
                return null;
            }

            if (!isPatch)
            {
                return new ReleaseTarget
                {
                    Target = target,
                    IsPatch = false,
                    Version = version,
                    Required = custom["required"] is JsonValue r && (bool)r,
                    TarLength = tarLength,
                    TarSha256 = tarSha256,
                };
            }

            if ((string?)custom["format"] != PatchFormat)
            {
                return null;
            }

            return new ReleaseTarget
            {
                Target = target,
                IsPatch = true,
                Version = version,
                From = NuGetVersion.Parse((string)custom["from"]!),
                TarLength = tarLength,
                TarSha256 = tarSha256,
                FromTarSha256 = ((string)custom["from_tar_sha256"]!).ToLowerInvariant(),
            };
        }
        catch (Exception ex) when (ex is InvalidOperationException or FormatException or ArgumentException or NullReferenceException or OverflowException)
        {
            return null;
        }
    }

    /// <summary>Formats a byte count for people.</summary>
    internal static string Bytes(long bytes) => bytes.ToString("N0", CultureInfo.InvariantCulture) + " bytes";

    [GeneratedRegex("^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$")]
    private static partial Regex AppNamePattern();
}
