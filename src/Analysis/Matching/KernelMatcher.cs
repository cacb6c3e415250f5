using Crashdesk.Analysis.Diagnostics;
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
                ? new(MatchVerdict.Match, $"debug kernel build-id {DumpText.Escape(actual)} matches the dump")
                : new(MatchVerdict.Mismatch, $"debug kernel build-id {DumpText.Escape(actual)}, dump expects {DumpText.Escape(expected)}"
                    + (kernel.Release is not null && dump.Release is not null ? $" (debug kernel release {DumpText.Escape(kernel.Release)}, dump release {DumpText.Escape(dump.Release)})" : ""));
        }
        if (dump.Release is { } dumpRelease && kernel.Release is { } kernelRelease)
        {
            if (!string.Equals(dumpRelease, kernelRelease, StringComparison.Ordinal))
                return new(MatchVerdict.Mismatch, $"debug kernel release {DumpText.Escape(kernelRelease)}, dump expects {DumpText.Escape(dumpRelease)}");
            if (dump.Banner is { } db && kernel.Banner is { } kb && !string.Equals(db.TrimEnd(), kb.TrimEnd(), StringComparison.Ordinal))
                return new(MatchVerdict.Mismatch, $"debug kernel banner \"{DumpText.Escape(kb.TrimEnd(), 200)}\", dump expects \"{DumpText.Escape(db.TrimEnd(), 200)}\"");
            return new(MatchVerdict.ProbableMatch, $"release {DumpText.Escape(kernelRelease)} matches; no build-id on {(dump.BuildId is null ? "the dump" : "the debug kernel")} to confirm the exact build");
        }
        return new(MatchVerdict.Unverifiable, "cannot check the debug kernel against the dump: no build-id or release on both sides");
    }
}
