using Crashdesk.Analysis;
using Crashdesk.Analysis.Btf;
using Crashdesk.Analysis.Memory;
using Crashdesk.Analysis.Types;
using Crashdesk.Fuzz.Mutation;
using Crashdesk.Fuzz.Seeds;

namespace Crashdesk.Fuzz.Targets;

/// <summary>
/// The BTF reader (Documentation/bpf/btf.rst: btf_header, type section, string section) on a mutated
/// blob: the kernel's own BTF, read from the Debian fixture dump between __start_BTF and __stop_BTF,
/// then the types the extractors ask for, printed through their members.
/// </summary>
public sealed class BtfTarget(string seedId) : FuzzTarget
{
    private static readonly string[] _types = ["struct task_struct", "struct mutex", "struct rw_semaphore", "struct list_head", "struct printk_info", "struct module", "struct pt_regs", "struct inactive_task_frame", "struct rq", "union thread_union"];
    private byte[] _blob = [];
    private List<Region> _regions = [];
    private List<Field> _fields = [];

    public override string Name => "btf";

    public override void Load(SeedFiles seeds)
    {
        var dump = SeedDump.Get(seeds, seedId);
        ulong start = dump.Symbol("__start_BTF"), stop = dump.Symbol("__stop_BTF");
        _blob = new byte[stop - start];
        dump.Target.KernelMemory.ReadExactly(start, _blob, "BTF");
        int hdr = BitConverter.ToInt32(_blob, 4), typeOff = BitConverter.ToInt32(_blob, 8), typeLen = BitConverter.ToInt32(_blob, 12), strOff = BitConverter.ToInt32(_blob, 16);
        // The header, the first types (ints, pointers, the structs most reached from), and the string section's start.
        _regions = [new(0, hdr, "btf_header"), new((ulong)(hdr + typeOff), Math.Min(typeLen, 1 << 16), "BTF types"), new((ulong)(hdr + typeOff + typeLen / 2), 1 << 16, "BTF types"), new((ulong)(hdr + strOff), 1 << 14, "BTF strings")];
        int found = _types.Count(n => BtfTypeSource.Parse(_blob, "BTF").TryFindType(n, out _));
        if (found < _types.Length - 1)
            throw new InvalidOperationException($"{seedId}: the clean BTF gave {found} of {_types.Length} types");
        _fields = [new(0, 2, "btf_header.magic"), new(2, 1, "btf_header.version"), new(4, 4, "btf_header.hdr_len"), new(8, 4, "btf_header.type_off"), new(12, 4, "btf_header.type_len"), new(16, 4, "btf_header.str_off"), new(20, 4, "btf_header.str_len")];
    }

    public override IEnumerable<(string Name, byte[] Bytes)> RawSeeds() => [(seedId.Replace('/', '_') + ".btf", _blob)];

    public override FuzzInput Next(Random rng)
    {
        var plan = new BinaryMutator(rng, _regions, _fields, (at, n) => BinaryMutator.Slice(_blob, at, n)).Plan(_blob.Length, truncate: true, holes: false);
        var source = new PatchedByteSource(_blob, plan.Patches, plan.Length, "BTF");
        return new FuzzInput(seedId + " BTF", plan.Describe(), source, source.ToArray);
    }

    public override IEnumerable<string> Run(FuzzInput input) => Work(((PatchedByteSource)input.Payload).ToArray());

    public override IEnumerable<string> RunBytes(ReadOnlySpan<byte> data) => Work(data.ToArray());

    private static IEnumerable<string> Work(byte[] blob)
    {
        var btf = BtfTypeSource.Parse(blob, "BTF", AnalysisLimits.Default);
        foreach (string name in _types)
            if (btf.TryFindType(name, out var t))
                _ = GdbTypePrinter.Body(t).Count();
        return [];
    }
}
