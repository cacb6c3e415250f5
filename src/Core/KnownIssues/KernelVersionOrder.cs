namespace Crashdesk.Core.KnownIssues;

/// <summary>The version order of each kernel line's scheme: kernel.org's, dpkg's (Debian, Ubuntu) or rpm's (RHEL, Fedora).</summary>
internal static class KernelVersionOrder
{
    public static int Compare(KernelKind kind, string a, string b) => kind switch
    {
        KernelKind.Upstream => UpstreamKernelVersion.Compare(a, b),
        KernelKind.Debian or KernelKind.Ubuntu => Math.Sign(DebianVersion.Compare(a, b)),
        KernelKind.Rhel or KernelKind.Fedora => RpmVersion.CompareEvr(a, b),
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "an unknown kernel has no version order"),
    };
}
