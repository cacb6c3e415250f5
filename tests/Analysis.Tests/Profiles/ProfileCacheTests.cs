using Crashdesk.Analysis.IO;
using Crashdesk.Analysis.Profiles;
using Crashdesk.Analysis.Reports;
using Crashdesk.Analysis.Tests.Support;

namespace Crashdesk.Analysis.Tests.Profiles;

/// <summary>The kernel profile cache: built once per build-id, then loaded; it carries every type the extractors use.</summary>
public class ProfileCacheTests
{
    [Fact]
    public void SecondLookupLoadsTheCachedProfileAndGivesTheSameReport()
    {
        const string id = "mini-6.1-lockdep/hung-mutex/kdump-zstd";
        string folder = Path.Combine(Path.GetTempPath(), "crashdesk-profile-cache-" + Guid.NewGuid().ToString("N"));
        try
        {
            var cache = new KernelProfileCache(folder);
            string vmlinux = Support.Fixtures.Vmlinux("mini-6.1-lockdep");
            var built = cache.GetOrBuild(vmlinux, ProfileTypes.All, out bool firstFromCache);
            Assert.False(firstFromCache);
            string file = Assert.Single(Directory.GetFiles(folder));
            Assert.StartsWith(built.Identity.BuildId!, Path.GetFileName(file), StringComparison.Ordinal);

            var cached = cache.GetOrBuild(vmlinux, ProfileTypes.All, out bool secondFromCache);
            Assert.True(secondFromCache);
            Assert.Equal(built.Identity, cached.Identity);

            // A different type list is a different cache entry (never a profile missing types).
            cache.GetOrBuild(vmlinux, ["struct task_struct"], out bool otherFromCache);
            Assert.False(otherFromCache);

            // The cached profile drives the same tasks, sys and kmem as the DWARF does.
            using var source = new FileByteSource(FixtureDumps.DumpPath(id));
            var fromProfile = DumpAnalyzer.Analyze(source, new AnalysisOptions { DebugInfo = cached, Extractors = new HashSet<string> { "tasks", "sys", "kmem" } });
            var fromDwarf = AnalyzedFixtures.Report(id);
            Assert.Empty(fromProfile.Failures);
            Assert.Equal(fromDwarf.Tasks, fromProfile.Tasks);
            Assert.Equal(fromDwarf.System! with { Warnings = [] }, fromProfile.System! with { Warnings = [] });
            Assert.Equal(fromDwarf.Memory! with { Warnings = [] }, fromProfile.Memory! with { Warnings = [] });
        }
        finally
        {
            if (Directory.Exists(folder))
                Directory.Delete(folder, true);
        }
    }

    [Fact]
    public void A_profile_built_where_the_cache_cannot_be_written_outlives_the_vmlinux_mapping()
    {
        // /proc/self is never writable: the profile is built, not stored, and must not keep reading
        // the (then unmapped) vmlinux. This crashed the process with an AccessViolation before.
        const string id = "mini-6.1-lockdep/hung-mutex/kdump-zstd";
        var cache = new KernelProfileCache("/proc/self/crashdesk-profiles");
        var profile = cache.GetOrBuild(Support.Fixtures.Vmlinux("mini-6.1-lockdep"), ProfileTypes.All, out bool fromCache);
        Assert.False(fromCache);
        GC.Collect();
        using var source = new FileByteSource(FixtureDumps.DumpPath(id));
        var report = DumpAnalyzer.Analyze(source, new AnalysisOptions { DebugInfo = profile });
        Assert.Empty(report.Failures);
        Assert.Equal(AnalyzedFixtures.Report(id).Tasks, report.Tasks);
        Assert.NotEmpty(report.Locks!.Locks);
    }
}
