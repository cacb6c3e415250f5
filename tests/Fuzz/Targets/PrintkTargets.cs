using Crashdesk.Analysis;
using Crashdesk.Analysis.Extractors.Dmesg;
using Crashdesk.Analysis.Kernel;
using Crashdesk.Analysis.Memory;
using Crashdesk.Fuzz.Seeds;

namespace Crashdesk.Fuzz.Targets;

/// <summary>The lockless printk ring buffer reader (5.10+ prb: desc ring, info array, text data ring) on mutated memory.</summary>
public sealed class PrbTarget(params string[] seedIds) : MemoryTarget
{
    public override string Name => "printk-prb";

    protected override IEnumerable<(string, IMemoryReader, VmcoreInfo, object?)> Seeds(SeedFiles seeds) => FromDumps(seeds, seedIds);

    protected override IEnumerable<string> Work(IMemoryReader memory, VmcoreInfo info, object? state)
    {
        var log = PrintkRingBufferReader.Read(memory, info, AnalysisLimits.Default);
        return log.Missing.Concat(log.Warnings);
    }
}

/// <summary>
/// The structured record buffer reader (3.5–5.9 struct printk_log) on mutated memory. No fixture
/// kernel is that old, so the seed is the fixture's own kernel log rewritten into that layout
/// (<see cref="PrintkLogSeed"/>), wrapped around the buffer's end as a long-running kernel's is.
/// </summary>
public sealed class PrintkLogTarget(string seedId) : MemoryTarget
{
    public override string Name => "printk-log";

    protected override IEnumerable<(string, IMemoryReader, VmcoreInfo, object?)> Seeds(SeedFiles seeds)
    {
        var dump = SeedDump.Get(seeds, seedId);
        var (memory, info) = PrintkLogSeed.Build(dump.Log.Records);
        yield return (seedId + " as printk_log", memory, info, null);
    }

    protected override IEnumerable<string> Work(IMemoryReader memory, VmcoreInfo info, object? state)
    {
        var log = PrintkLogRecordReader.Read(memory, info, AnalysisLimits.Default);
        return log.Missing.Concat(log.Warnings);
    }
}
