using Crashdesk.Analysis.Profiles;

namespace Crashdesk.Analysis.Matching;

/// <summary>
/// Pre-flight check of a debug kernel (vmlinux or profile) against a dump, so a wrong vmlinux is
/// reported instead of producing wrong backtraces. The build-id decides when both sides have one
/// (VMCOREINFO `BUILD-ID` is written since kernel 5.9, kernel commit "kdump: append kernel
/// build-id string to VMCOREINFO"); otherwise release and banner are compared.
/// </summary>
public static class KernelMatcher
{
    /// <summary>Compares the identities.</summary>
    public static KernelMatchResult Check(DumpIdentity dump, KernelIdentity kernel)
    {
        if (dump.BuildId is { } expected && kernel.BuildId is { } actual)
        {
            return string.Equals(expected, actual, StringComparison.OrdinalIgnoreCase)
                ? new(MatchVerdict.Match, $"debug kernel build-id {actual} matches the dump")
                : new(MatchVerdict.Mismatch, $"debug kernel build-id {actual}, dump expects {expected}"
                    + (kernel.Release is not null && dump.Release is not null ? $" (debug kernel release {kernel.Release}, dump release {dump.Release})" : ""));
        }
        if (dump.Release is { } dumpRelease && kernel.Release is { } kernelRelease)
        {
            if (!string.Equals(dumpRelease, kernelRelease, StringComparison.Ordinal))
                return new(MatchVerdict.Mismatch, $"debug kernel release {kernelRelease}, dump expects {dumpRelease}");
            if (dump.Banner is { } db && kernel.Banner is { } kb && !string.Equals(db.TrimEnd(), kb.TrimEnd(), StringComparison.Ordinal))
                return new(MatchVerdict.Mismatch, $"debug kernel banner \"{kb.TrimEnd()}\", dump expects \"{db.TrimEnd()}\"");
            return new(MatchVerdict.ProbableMatch, $"release {kernelRelease} matches; no build-id on {(dump.BuildId is null ? "the dump" : "the debug kernel")} to confirm the exact build");
        }
        return new(MatchVerdict.Unverifiable, "cannot check the debug kernel against the dump: no build-id or release on both sides");
    }
}
