using System.Text.RegularExpressions;

namespace Crashdesk.Core.KnownIssues;

/// <summary>
/// A Debian kernel: its release is an ABI name (<c>6.1.0-56-cloud-amd64</c>; <c>6.12.38+deb13-amd64</c>
/// from Debian 13 on) that does not give the package version, but its build string does
/// (<c>#1 SMP PREEMPT_DYNAMIC Debian 6.1.192-2 (2026-11-16)</c>): that version is compared with
/// Debian's fixes, and its upstream part (6.1.192) with upstream fixes of the series, since Debian
/// packages the stable releases.
/// </summary>
internal static partial class DebianKernelRelease
{
    /// <summary>
    /// A rebuild of the version before it for an older release: a backport (<c>6.12.5-1~bpo12+1</c>)
    /// or an older-stable upload (<c>4.19.249-2~deb9u1</c>). dpkg sorts it before that version (so
    /// the upgrade replaces it), yet it carries the same source and so the same fixes: it is dropped
    /// for the comparison with a fix.
    /// </summary>
    [GeneratedRegex(@"~(?:bpo\d+\+\d+|deb\d+u\d+)$")]
    private static partial Regex RebuildSuffix();

    public static KernelIdentity? TryRead(string release, string? build)
    {
        if (!KernelBuildString.TryDebianVersion(build, out string? text))
            return null;
        if (!DebianVersion.TryRead(text, out var version, out string? reason))
            return KernelIdentity.Unreadable(release, $"the build string names Debian {text}, which is not a Debian version: {reason}");
        if (!TryUpstream(version.Upstream, out var upstream))
            return KernelIdentity.Unreadable(release, $"the build string names Debian {text}, whose upstream part {version.Upstream} is no kernel.org version");
        if (!UpstreamKernelVersion.TryReadLeading(release, out var released, out _) || released.Series != upstream.Series)
            return KernelIdentity.Unreadable(release, $"the release {release} is not of the {upstream.Series} series its build string names (Debian {text})");
        return new KernelIdentity(KernelKind.Debian, release, new KernelLine(KernelKind.Debian, upstream.Series),
            Comparable(version.Text), $"Debian {version.Text}", upstream, MinorRelease: null, Reason: null);
    }

    /// <summary>The version compared with a Debian fix: the package version without a rebuild suffix.</summary>
    public static string Comparable(string packageVersion) => RebuildSuffix().Replace(packageVersion, "");

    /// <summary>Debian writes a release candidate with a tilde so that it sorts first: <c>6.8~rc3</c> is 6.8-rc3.</summary>
    public static bool TryUpstream(string upstreamPart, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out UpstreamKernelVersion? upstream) =>
        UpstreamKernelVersion.TryParse(upstreamPart.Replace("~rc", "-rc", StringComparison.Ordinal), out upstream);
}
