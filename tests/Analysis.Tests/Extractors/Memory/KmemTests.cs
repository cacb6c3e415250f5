using Crashdesk.Analysis.Extractors.Memory;
using Crashdesk.Analysis.Tests.Support;

namespace Crashdesk.Analysis.Tests.Extractors.Memory;

/// <summary>The report's `kmem -i` against crash's (<see cref="CrashKmem"/>): no SHARED row, SLAB from the counters.</summary>
public class KmemTests
{
    [Theory]
    [MemberData(nameof(FixtureDumps.All), MemberType = typeof(FixtureDumps))]
    public void KmemTextEqualsCrashs(string id)
    {
        var report = AnalyzedFixtures.Report(id);
        Assert.Empty(report.Failures);
        var memory = report.Memory!;
        Assert.Empty(memory.Warnings);
        Assert.False(memory.SharedCounted);
        Assert.Null(memory.Shared);
        Assert.Equal(MemoryInfoExtractor.SlabSourceCounters, memory.SlabSource);
        CrashKmem.AssertMatches(id, MemoryInfoText.Format(memory), shared: false);
    }
}
