using System.Globalization;
using System.Text.RegularExpressions;

namespace Crashdesk.Core.KnownIssues;

/// <summary>
/// An Ubuntu kernel: the release is <c>base-ABI-flavour</c> (<c>5.15.0-91-generic</c>) and the build
/// string's count is the upload (<c>#101-Ubuntu</c>), together the package's ABI version
/// <c>5.15.0-91.101</c> that Ubuntu's fixes name. Ubuntu backports fixes onto its base version, so
/// upstream fixes are never compared with it.
/// </summary>
/// <remarks>
/// Derivative kernels (aws, azure, gcp, oracle, …) come from their own source packages, numbered
/// from ABI 1000 on (<c>5.15.0-1051-aws</c>): their line names the flavour, since 5.15.0-1051.56 of
/// linux-aws says nothing about 5.15.0-100.110 of linux. A hardware-enablement backport
/// (<c>#101~20.04.1-Ubuntu</c>) is the same source rebuilt for an older release; its suffix is
/// shown but not compared (dpkg would sort it before the very version it carries).
/// </remarks>
internal static partial class UbuntuKernelRelease
{
    /// <summary>The ABI number from which Ubuntu numbers its derivative kernels.</summary>
    public const int FirstDerivativeAbi = 1000;

    [GeneratedRegex(@"^(?<base>(?<series>\d+\.\d+)\.\d+)-(?<abi>\d+)(?:-(?<flavour>[a-z0-9][a-z0-9-]*))?$")]
    private static partial Regex Shape();

    public static KernelIdentity? TryRead(string release, string? build)
    {
        if (!KernelBuildString.TryUbuntuUpload(build, out string? upload, out string backport))
            return null;
        var m = Shape().Match(release);
        if (!m.Success)
            return KernelIdentity.Unreadable(release, $"the build string is Ubuntu's but the release {release} is not Ubuntu's base-ABI-flavour");
        string series = m.Groups["series"].Value;
        if (int.Parse(m.Groups["abi"].ValueSpan, CultureInfo.InvariantCulture) >= FirstDerivativeAbi)
        {
            if (!m.Groups["flavour"].Success)
                return KernelIdentity.Unreadable(release, $"{release} has a derivative kernel's ABI but no flavour naming it");
            series += " " + m.Groups["flavour"].Value;
        }
        string version = $"{m.Groups["base"].Value}-{m.Groups["abi"].Value}.{upload}";
        return new KernelIdentity(KernelKind.Ubuntu, release, new KernelLine(KernelKind.Ubuntu, series),
            version, $"Ubuntu {version}{backport}", Upstream: null, MinorRelease: null, Reason: null);
    }
}
