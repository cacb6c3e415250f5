using Crashdesk.Analysis.Matching;
using Crashdesk.Analysis.Profiles;
using Crashdesk.Analysis.Tests.Support;
using Crashdesk.Analysis.Tests.Symbols;
using TestFixtures = Crashdesk.Analysis.Tests.Support.Fixtures;

namespace Crashdesk.Analysis.Tests.Matching;

/// <summary>Pre-flight matching of debug kernels against the fixture dumps.</summary>
public class KernelMatchingTests
{
    public static TheoryData<string> Dumps() => SymbolResolutionTests.Dumps();

    private static DumpIdentity Identity(string folder)
    {
        string dump = TestFixtures.DumpFile(folder);
        return new DumpIdentity(DebugKernels.VmcoreInfoValue(dump, "BUILD-ID"), DebugKernels.VmcoreInfoValue(dump, "OSRELEASE"), null);
    }

    [Theory]
    [MemberData(nameof(Dumps))]
    public void Own_kernel_matches_and_the_other_fixture_kernel_is_rejected(string id)
    {
        string folder = Path.Combine(TestFixtures.Dumps, id);
        string own = id.Split('/')[0];
        string other = DebugKernels.Ids.Single(k => k != own);
        var dump = Identity(folder);

        var match = KernelMatcher.Check(dump, DebugKernels.Get(own).Identity);
        Assert.Equal(MatchVerdict.Match, match.Verdict);

        var otherIdentity = DebugKernels.Get(other).Identity;
        var mismatch = KernelMatcher.Check(dump, otherIdentity);
        Assert.Equal(MatchVerdict.Mismatch, mismatch.Verdict);
        Assert.False(mismatch.IsUsable);
        Assert.Contains($"debug kernel build-id {otherIdentity.BuildId}, dump expects {dump.BuildId}", mismatch.Message);
    }

    [Fact]
    public void Identity_of_a_vmlinux_has_build_id_release_and_banner()
    {
        var id = DebugKernels.Get("debian-6.1-cloud").Identity;
        string dump = TestFixtures.DumpFile(Path.Combine(TestFixtures.Dumps, "debian-6.1-cloud", "sysrq-c", "kdump-zlib"));
        Assert.Equal(DebugKernels.VmcoreInfoValue(dump, "BUILD-ID"), id.BuildId);
        Assert.Equal(DebugKernels.VmcoreInfoValue(dump, "OSRELEASE"), id.Release);
        // crash's `sys` VERSION is the banner's "#1 SMP PREEMPT_DYNAMIC ..." part.
        string sys = File.ReadAllText(Path.Combine(TestFixtures.Dumps, "debian-6.1-cloud", "sysrq-c", "kdump-zlib", "crash", "sys.txt"));
        string version = sys.Split('\n').Single(l => l.TrimStart().StartsWith("VERSION:", StringComparison.Ordinal)).Split("VERSION:")[1].Trim();
        Assert.EndsWith(version, id.Banner);
    }

    [Fact]
    public void Without_build_ids_the_release_decides()
    {
        var kernel = new KernelIdentity(null, "6.1.192-corpus-mini", null);
        Assert.Equal(MatchVerdict.ProbableMatch, KernelMatcher.Check(new DumpIdentity(null, "6.1.192-corpus-mini", null), kernel).Verdict);
        var r = KernelMatcher.Check(new DumpIdentity(null, "6.1.0-56-cloud-amd64", null), kernel);
        Assert.Equal(MatchVerdict.Mismatch, r.Verdict);
        Assert.Equal("debug kernel release 6.1.192-corpus-mini, dump expects 6.1.0-56-cloud-amd64", r.Message);
        Assert.Equal(MatchVerdict.Unverifiable, KernelMatcher.Check(new DumpIdentity(null, null, null), kernel).Verdict);
    }
}
