using Crashdesk.Analysis.Kernel;
using Crashdesk.Analysis.Memory;
using Crashdesk.Analysis.Unwind;
using Crashdesk.Fuzz.Seeds;

namespace Crashdesk.Fuzz.Targets;

/// <summary>
/// The ORC tables (arch/x86/include/asm/orc_types.h): `.orc_unwind_ip` / `.orc_unwind` of the kernel
/// image in dump memory, read both ways the engine reads them — copied (<see cref="OrcTable.Create"/>,
/// a slice of entries) and per lookup from memory (<see cref="OrcTable.FromMemory"/>, the whole
/// table) — and looked up at instruction addresses across the text.
/// </summary>
public sealed class OrcTarget(params string[] seedIds) : MemoryTarget
{
    private const int Slice = 4096;

    private sealed record Table(ulong Ip, ulong Entries, int Count, ulong TextStart, ulong TextEnd);

    public override string Name => "orc";

    protected override IEnumerable<(string, IMemoryReader, VmcoreInfo, object?)> Seeds(SeedFiles seeds) =>
        FromDumps(seeds, seedIds, d =>
        {
            ulong ip = d.Symbol("__start_orc_unwind_ip"), ipEnd = d.Symbol("__stop_orc_unwind_ip");
            return new Table(ip, d.Symbol("__start_orc_unwind"), (int)((ipEnd - ip) / 4), d.Symbol("_stext"), d.Symbol("_etext"));
        });

    protected override IEnumerable<string> Work(IMemoryReader memory, VmcoreInfo info, object? state)
    {
        var t = (Table)state!;
        int first = Math.Max(0, t.Count / 2 - Slice / 2);
        var ips = new byte[Slice * 4];
        var entries = new byte[Slice * OrcEntry.Size];
        ulong ipAt = t.Ip + (ulong)first * 4;
        memory.ReadExactly(ipAt, ips, ".orc_unwind_ip");
        memory.ReadExactly(t.Entries + (ulong)first * OrcEntry.Size, entries, ".orc_unwind");
        var copied = OrcTable.Create(ipAt, ips, entries, 0, "vmlinux slice");
        var inMemory = OrcTable.FromMemory(memory, t.Ip, t.Entries, t.Count, t.TextEnd, "vmlinux");
        ulong span = t.TextEnd - t.TextStart;
        int hits = 0;
        for (int i = 0; i < 256; i++)
        {
            ulong ip = t.TextStart + span / 256 * (ulong)i + (ulong)(i * 7);
            copied.TryFind(ip, out _);
            if (inMemory?.TryFind(ip, out _) == true)
                hits++;
        }
        if (memory is Mutation.RecordingMemory && hits < 200)
            throw new InvalidOperationException($"the clean ORC table covered only {hits} of 256 addresses");
        return [];
    }
}
