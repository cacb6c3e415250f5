using Crashdesk.Analysis.Binary;
using Crashdesk.Analysis.Dwarf;
using Crashdesk.Fuzz.Mutation;
using Crashdesk.Fuzz.Seeds;

namespace Crashdesk.Fuzz.Targets;

/// <summary>
/// The DWARF type reader (DWARF 5, sections 7.5 and 7.26: unit headers, abbreviations, DIEs and forms,
/// strings) on mutated sections of the fixture module corpus_crash.ko (DWARF 5, built with its
/// kernel; relocated, <see cref="RelocatedDwarf"/>): one of .debug_info, .debug_abbrev, .debug_str per input, then the types and variables
/// an analysis asks for.
/// </summary>
public sealed class DwarfTarget : FuzzTarget
{
    private static readonly string[] _types = ["struct task_struct", "struct mutex", "struct rw_semaphore", "struct list_head", "struct module", "struct pt_regs", "struct file_operations", "struct device", "struct kobject"];
    private static readonly string[] _variables = ["corpus_mutex", "corpus_rwsem", "__this_module"];
    private readonly Dictionary<string, byte[]> _sections = [];

    public override string Name => "dwarf";

    public override void Load(SeedFiles seeds)
    {
        using var image = ElfImage.Open(seeds.Kernel("debian-6.1-cloud/corpus_crash.ko"));
        foreach (string name in (string[])[".debug_info", ".debug_abbrev", ".debug_str", ".debug_line_str", ".debug_str_offsets", ".debug_addr"])
            _sections[name] = RelocatedDwarf.Section(image, name);
        // The clean sections must give the types, or the mutations would test nothing.
        int found = Open(_sections).FindTypes(_types).Count;
        if (found < 3)
            throw new InvalidOperationException($"corpus_crash.ko's DWARF gave {found} of the types {string.Join(", ", _types)}");
    }

    public override IEnumerable<(string Name, byte[] Bytes)> RawSeeds() => [("corpus_crash.debug_info", _sections[".debug_info"])];

    public override FuzzInput Next(Random rng)
    {
        string name = rng.Next(10) switch { < 7 => ".debug_info", < 9 => ".debug_abbrev", _ => ".debug_str" };
        byte[] seed = _sections[name];
        // The first unit's header (DWARF 5 7.5.1.1: unit_length, version, unit_type, address_size, debug_abbrev_offset).
        List<Field> fields = name == ".debug_info" ? [new(0, 4, "unit_length"), new(4, 2, "version"), new(6, 1, "unit_type"), new(7, 1, "address_size"), new(8, 4, "debug_abbrev_offset")] : [];
        List<Region> regions = [new(0, Math.Min(seed.Length, 4096), name), new(0, seed.Length, name)];
        var plan = new BinaryMutator(rng, regions, fields, (at, n) => BinaryMutator.Slice(seed, at, n)).Plan(seed.Length, truncate: true, holes: false);
        var mutated = new PatchedByteSource(seed, plan.Patches, plan.Length, name).ToArray();
        var sections = new Dictionary<string, byte[]>(_sections) { [name] = mutated };
        return new FuzzInput("corpus_crash.ko " + name, plan.Describe(), sections, () => mutated);
    }

    public override IEnumerable<string> Run(FuzzInput input) => Work((Dictionary<string, byte[]>)input.Payload);

    public override IEnumerable<string> RunBytes(ReadOnlySpan<byte> data) =>
        Work(new Dictionary<string, byte[]>(_sections) { [".debug_info"] = data.ToArray() });

    private static DwarfInfo Open(Dictionary<string, byte[]> s) =>
        new(new DwarfSections(s[".debug_info"], s[".debug_abbrev"], s[".debug_str"], s[".debug_line_str"], s[".debug_str_offsets"], s[".debug_addr"]));

    private static IEnumerable<string> Work(Dictionary<string, byte[]> s)
    {
        var dwarf = Open(s);
        foreach (var t in dwarf.FindTypes(_types).Values)
            _ = Analysis.Types.GdbTypePrinter.Body(t).Count;
        foreach (string v in _variables)
            dwarf.TryFindVariableType(v, out _);
        dwarf.TryFindType("struct corpus_item", out _);
        return [];
    }
}
