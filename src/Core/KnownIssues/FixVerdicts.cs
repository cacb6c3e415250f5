namespace Crashdesk.Core.KnownIssues;

/// <summary>
/// Judges a case's kernel against a known issue's fixed-in versions: does it predate the fix, or
/// has it the fix (so the crash is likely something else)?
/// </summary>
/// <remarks>
/// Which entries count: one on the kernel's own distribution line first (Debian 6.1 for a Debian
/// 6.1 kernel, RHEL 9 for any el9 build); then, for kernels that package the stable releases
/// (upstream itself, Debian, Fedora), an upstream entry of their series, compared with the
/// kernel.org version they are a build of (Debian 6.1.192-2 is 6.1.192). RHEL and Ubuntu kernels
/// are judged by their own entries only: their base version (5.14.0) says nothing of the fixes
/// backported onto it. Among several entries of one line the one for the kernel's RHEL minor
/// release is taken, else the newest: a fix listed twice was usually completed by the later one,
/// so "has the fix" is said only of a kernel that has both.
/// </remarks>
public static class FixVerdicts
{
    public static FixVerdict Judge(string? kernelRelease, string? kernelBuild, IReadOnlyList<FixedInEntry> fixedIn)
    {
        ArgumentNullException.ThrowIfNull(fixedIn);
        var kernel = KernelIdentity.Read(kernelRelease, kernelBuild);
        if (kernel.Kind == KernelKind.Unknown || kernel.Line is not { } line || kernel.Version is null || kernel.Label is null)
            return new FixVerdict(FixVerdictKind.Unknown, null, null, $"cannot tell: {kernel.Reason}");

        var own = fixedIn.Where(e => e.Line == line).ToList();
        if (own.Count > 0)
        {
            var fix = Choose(own, line.Kind, kernel.MinorRelease);
            int order = KernelVersionOrder.Compare(line.Kind, kernel.Version, fix.Version);
            return Verdict(order, kernel.Label, fix, MinorReleaseNote(kernel, fix));
        }

        if (kernel.Upstream is { } upstream)
        {
            var stable = fixedIn.Where(e => e.Line == KernelLine.Upstream(upstream.Series)).ToList();
            if (stable.Count > 0)
            {
                var fix = Choose(stable, KernelKind.Upstream, null);
                int order = UpstreamKernelVersion.Compare(upstream.Text, fix.Version);
                return Verdict(order, upstream.Text, fix, "");
            }
        }
        return new FixVerdict(FixVerdictKind.NoFixOnItsLine, kernel.Label, null, NoFixSentence(kernel, line, fixedIn));
    }

    private static FixedInEntry Choose(List<FixedInEntry> entries, KernelKind kind, int? minorRelease)
    {
        if (minorRelease is not null && entries.FirstOrDefault(e => e.MinorRelease == minorRelease) is { } sameMinor)
            return sameMinor;
        var newest = entries[0];
        foreach (var entry in entries.Skip(1))
            if (KernelVersionOrder.Compare(kind, entry.Version, newest.Version) > 0)
                newest = entry;
        return newest;
    }

    private static FixVerdict Verdict(int order, string kernelVersion, FixedInEntry fix, string note) => order < 0
        ? new FixVerdict(FixVerdictKind.PredatesFix, kernelVersion, fix, $"your kernel {kernelVersion} predates the fix {fix.Text}{note}")
        : new FixVerdict(FixVerdictKind.HasFix, kernelVersion, fix, $"your kernel {kernelVersion} has the fix {fix.Text}{note} — look again");

    /// <summary>
    /// RHEL minor releases branch: a 9.2 z-stream kernel may get a fix later than 9.3's first build,
    /// under a lower release number. When the fix is listed only for another minor release, say so.
    /// </summary>
    private static string MinorReleaseNote(KernelIdentity kernel, FixedInEntry fix) =>
        kernel.MinorRelease is { } mine && fix.MinorRelease is { } listed && mine != listed
            ? $" (listed for {fix.Line}.{listed}; your kernel is a {kernel.Line}.{mine} build)"
            : "";

    private static string NoFixSentence(KernelIdentity kernel, KernelLine line, IReadOnlyList<FixedInEntry> fixedIn)
    {
        if (fixedIn.Count == 0)
            return "no fixed-in versions are listed";
        string listed = string.Join(", ", fixedIn.Select(e => e.Text));
        if (kernel.Upstream is { } upstream)
        {
            string lines = line.Kind == KernelKind.Upstream ? line.ToString() : $"{line} or {KernelLine.Upstream(upstream.Series)}";
            return $"no fix is listed for {lines} (listed: {listed})";
        }
        string sentence = $"no fix is listed for {line} (listed: {listed})";
        return fixedIn.Any(e => e.Line.Kind == KernelKind.Upstream)
            ? $"{sentence}; upstream versions say nothing about a backport kernel like {kernel.Label}"
            : sentence;
    }
}
