using System.Text.RegularExpressions;

namespace Crashdesk.Core.KnownIssues;

/// <summary>
/// A kernel.org kernel: the release is its version (<c>6.6.30</c>, <c>6.8.0-rc3</c>) with at most a
/// local version after it (CONFIG_LOCALVERSION or scripts/setlocalversion: <c>6.1.76-foo</c>,
/// <c>6.6.30+</c>), which is not compared. The last reader: shapes that belong to distribution
/// kernels it cannot place are refused with the reason.
/// </summary>
internal static partial class UpstreamKernelRelease
{
    /// <summary>
    /// Debian's and Ubuntu's ABI names: a <c>.0</c> sublevel then a bare ABI number
    /// (<c>6.1.0-56-cloud-amd64</c>, <c>5.15.0-91-generic</c>). The version is in their build string.
    /// </summary>
    [GeneratedRegex(@"^-\d+(?:-|$)")]
    private static partial Regex DistributionAbi();

    /// <summary>A package release after the version (SUSE <c>-150500.55.39-default</c>, Amazon <c>-195.807.amzn2</c>).</summary>
    [GeneratedRegex(@"^-\d+\.\d+")]
    private static partial Regex PackageRelease();

    /// <summary>Markers of distribution kernels read nowhere else: Debian 13's ABI name without its build string, Amazon Linux, Oracle UEK.</summary>
    [GeneratedRegex(@"\+deb\d|amzn|uek")]
    private static partial Regex DistributionMarker();

    public static KernelIdentity Read(string release, string? build)
    {
        if (!UpstreamKernelVersion.TryReadLeading(release, out var version, out string local))
            return KernelIdentity.Unreadable(release, $"{release} does not start with a kernel version");
        string buildSays = string.IsNullOrWhiteSpace(build) ? "none was given" : "it names neither";
        if (version.Sublevel == 0 && version.ReleaseCandidate is null && DistributionAbi().IsMatch(local))
            return KernelIdentity.Unreadable(release, $"{release} is a Debian or Ubuntu ABI name; the package version is in the build string (uname -v), and {buildSays}");
        if (DistributionMarker().IsMatch(local))
            return KernelIdentity.Unreadable(release, $"{release} is a distribution kernel whose version we cannot read from it");
        if (PackageRelease().IsMatch(local))
            return KernelIdentity.Unreadable(release, $"{release} carries a distribution package release, whose backports its base version does not show");
        if (local.Length > 0 && local[0] is not ('-' or '+'))
            return KernelIdentity.Unreadable(release, $"{release} is not a kernel version with a local version (-name or +)");
        return new KernelIdentity(KernelKind.Upstream, release, KernelLine.Upstream(version.Series),
            version.Text, version.Text, version, MinorRelease: null, Reason: null);
    }
}
