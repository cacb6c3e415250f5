using System.Text;
using Crashdesk.Analysis;
using Crashdesk.Analysis.Extractors.Dmesg;
using Crashdesk.Analysis.Kernel;
using Crashdesk.Analysis.Symbols.Kallsyms;
using Crashdesk.Analysis.Translation;
using Crashdesk.Fuzz.Mutation;
using Crashdesk.Fuzz.Seeds;

namespace Crashdesk.Fuzz.Targets;

/// <summary>
/// The VMCOREINFO parser on mutated text (values, keys, floods), and what the text drives over the
/// clean dump's memory: the address translation (phys_base, KERNELOFFSET, page tables), the kallsyms
/// table addresses and the printk reader's layout (SYMBOL/SIZE/OFFSET lines).
/// </summary>
public sealed class VmcoreInfoTarget(params string[] seedIds) : FuzzTarget
{
    private readonly List<(SeedDump Dump, byte[] Text)> _seeds = [];

    public override string Name => "vmcoreinfo";

    public override void Load(SeedFiles seeds)
    {
        foreach (string id in seedIds)
        {
            var d = SeedDump.Get(seeds, id);
            _seeds.Add((d, Encoding.UTF8.GetBytes(d.Target.Dump.VmcoreInfoText ?? throw new InvalidOperationException($"{id} has no VMCOREINFO"))));
        }
    }

    public override IEnumerable<(string Name, byte[] Bytes)> RawSeeds() => _seeds.Take(1).Select(s => (s.Dump.Id.Replace('/', '_') + ".vmcoreinfo", s.Text));

    public override FuzzInput Next(Random rng)
    {
        var (dump, text) = _seeds[rng.Next(_seeds.Count)];
        var (bytes, steps) = new TextMutator(rng, maxFlood: 1 << 16).Mutate(text, keyValue: true);
        return new FuzzInput(dump.Id + " VMCOREINFO", steps, (dump, bytes), () => bytes);
    }

    public override IEnumerable<string> Run(FuzzInput input)
    {
        var (dump, bytes) = ((SeedDump, byte[]))input.Payload;
        return Work(dump, bytes);
    }

    public override IEnumerable<string> RunBytes(ReadOnlySpan<byte> data) => Work(_seeds[0].Dump, data.ToArray());

    private static List<string> Work(SeedDump dump, byte[] bytes)
    {
        // The readers decode the note as Latin-1 would not: crash_core.c writes ASCII; the engine reads UTF-8.
        var info = VmcoreInfo.Parse(Encoding.UTF8.GetString(bytes), AnalysisLimits.Default);
        _ = (info.OsRelease, info.BuildId, info.PageSize, info.KernelOffset, info.CrashTime, info.Symbol("prb"), info.Size("printk_info"));
        _ = KallsymsTables.TryFrom(info, out _);
        var translator = TranslatorFactory.Create(dump.Target.Dump, info);
        var memory = new KernelMemory(dump.Target.PhysicalMemory, translator);
        var log = KernelLogExtractor.Extract(memory, info, AnalysisLimits.Default);
        return log.Problems(dump.Target.FileInfo).ToList();
    }
}
