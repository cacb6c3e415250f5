using System.Globalization;
using System.Text.RegularExpressions;

namespace Crashdesk.Core.KnownIssues;

/// <summary>
/// RHEL (and its rebuilds) and Fedora kernel releases: <c>uname -r</c> is the kernel package's
/// version-release.arch, <c>5.14.0-362.8.1.el9_3.x86_64</c>, <c>6.5.6-300.fc39.x86_64</c>, with
/// a variant after it for the debug and real-time builds (<c>+debug</c>, <c>+rt</c>, <c>.debug</c> on RHEL 7).
/// </summary>
/// <remarks>
/// The dist tag (<c>.el9_3</c>: RHEL 9, built for 9.3; <c>.fc39</c>) gives the line and is dropped
/// from the compared version, as are the architecture and the variant: it names the build target,
/// not a change, and a fix is usually written without it (<c>kernel-5.14.0-362.8.1</c>). With the
/// tag kept, rpm would put the very build that has the fix after it (362.8.1.el9_3 &gt; 362.8.1), and
/// a CentOS Stream build (<c>.el9</c>) and a RHEL one (<c>.el9_3</c>) of the same release apart.
/// Oracle's own kernels (UEK, <c>.el9uek</c>) are not RHEL's and are not read.
/// </remarks>
internal static partial class RpmKernelRelease
{
    [GeneratedRegex(@"^(?<version>\d+\.\d+\.\d+)-(?<release>[0-9A-Za-z._+~^]+?)\.(?:el(?<el>\d+)(?:_(?<minor>\d+))?|fc(?<fc>\d+))(?<tail>[0-9A-Za-z_.+]*)$")]
    private static partial Regex Shape();

    [GeneratedRegex(@"^(?:\.(?:x86_64|aarch64|ppc64le|ppc64|s390x|i686|armv7hl))?(?:[+.](?:debug|rt|64k|kdump|PAE|lpae))?$")]
    private static partial Regex ArchitectureAndVariant();

    [GeneratedRegex(@"^0\.rc(?<rc>\d+)\.")]
    private static partial Regex FedoraReleaseCandidate();

    public static KernelIdentity? TryRead(string release)
    {
        var m = Shape().Match(release);
        if (!m.Success)
            return null;
        string tail = m.Groups["tail"].Value;
        if (tail.StartsWith("uek", StringComparison.Ordinal))
            return KernelIdentity.Unreadable(release, $"{release} is an Oracle UEK kernel, not a RHEL one; its fixes are not compared");
        if (!ArchitectureAndVariant().IsMatch(tail))
            return KernelIdentity.Unreadable(release, $"{release} has '{tail}' after its dist tag, which is no architecture or variant we know");
        string versionRelease = $"{m.Groups["version"].Value}-{m.Groups["release"].Value}";
        string label = release[..(m.Groups["tail"].Index)];
        if (m.Groups["el"].Success)
        {
            int? minor = m.Groups["minor"].Success ? int.Parse(m.Groups["minor"].ValueSpan, CultureInfo.InvariantCulture) : null;
            return new KernelIdentity(KernelKind.Rhel, release, new KernelLine(KernelKind.Rhel, m.Groups["el"].Value),
                versionRelease, label, Upstream: null, minor, Reason: null);
        }
        return new KernelIdentity(KernelKind.Fedora, release, new KernelLine(KernelKind.Fedora, m.Groups["fc"].Value),
            versionRelease, label, FedoraUpstream(m.Groups["version"].Value, m.Groups["release"].Value), MinorRelease: null, Reason: null);
    }

    /// <summary>
    /// Fedora's kernel version is the kernel.org release it packages (kernel.spec's specversion); a
    /// release starting with <c>0.</c> is a pre-release: <c>0.rc3.…</c> packages 6.8-rc3, any other
    /// <c>0.</c> a git snapshot, which is no kernel.org version.
    /// </summary>
    private static UpstreamKernelVersion? FedoraUpstream(string version, string packageRelease)
    {
        if (!packageRelease.StartsWith("0.", StringComparison.Ordinal))
            return UpstreamKernelVersion.TryParse(version, out var stable) ? stable : null;
        var rc = FedoraReleaseCandidate().Match(packageRelease);
        return rc.Success && UpstreamKernelVersion.TryParse($"{version}-rc{rc.Groups["rc"].Value}", out var candidate) ? candidate : null;
    }
}
