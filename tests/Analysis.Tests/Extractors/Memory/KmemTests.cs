using Crashdesk.Analysis.Extractors.Memory;
using Crashdesk.Analysis.Tests.Support;

namespace Crashdesk.Analysis.Tests.Extractors.Memory;

/// <summary>`kmem -i` against crash/kmem-i.txt.</summary>
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
        string expected = File.ReadAllText(Path.Combine(FixtureDumps.Folder(id), "crash", "kmem-i.txt")).TrimEnd('\n');
        Assert.Equal(expected, MemoryInfoText.Format(memory).TrimEnd('\n'));
    }
}
