using Crashdesk.Analysis.Kernel;
using Crashdesk.Analysis.Memory;
using Crashdesk.Fuzz.Mutation;
using Crashdesk.Fuzz.Seeds;

namespace Crashdesk.Fuzz.Targets;

/// <summary>
/// A reader of kernel structures in dump memory (printk ring, kallsyms, ORC): a clean run over the
/// seed's memory records what it reads; each input patches those places (extreme words, bit flips,
/// byte runs, zeroed and spliced pages) and punches holes (pages not in the dump).
/// For AFL/libFuzzer the raw bytes are laid over the first recorded region.
/// </summary>
public abstract class MemoryTarget : FuzzTarget
{
    private readonly List<Seed> _seeds = [];

    /// <summary>One seed: kernel memory, the VMCOREINFO that goes with it, and what the clean run read.</summary>
    protected sealed record Seed(string Id, IMemoryReader Memory, VmcoreInfo Info, object? State, IReadOnlyList<Region> Reads);

    /// <summary>The seeds' memories (name, memory, VMCOREINFO, target state) to record over.</summary>
    protected abstract IEnumerable<(string Id, IMemoryReader Memory, VmcoreInfo Info, object? State)> Seeds(SeedFiles seeds);

    /// <summary>The work on (possibly patched) <paramref name="memory"/>; returns the messages its result carries.</summary>
    protected abstract IEnumerable<string> Work(IMemoryReader memory, VmcoreInfo info, object? state);

    public override void Load(SeedFiles seeds)
    {
        foreach (var (id, memory, info, state) in Seeds(seeds))
        {
            var recording = new RecordingMemory(memory, id);
            _ = Work(recording, info, state).ToList();
            if (recording.Reads.Count == 0)
                throw new InvalidOperationException($"{Name}: the clean run over {id} read nothing");
            _seeds.Add(new Seed(id, memory, info, state, recording.Reads));
        }
    }

    public override FuzzInput Next(Random rng)
    {
        var seed = _seeds[rng.Next(_seeds.Count)];
        var mutator = new BinaryMutator(rng, seed.Reads, [], (at, n) =>
        {
            var b = new byte[n];
            return b[..seed.Memory.Read(at, b)];
        });
        var plan = mutator.Plan(0, truncate: false, holes: true);
        var memory = new PatchedMemory(seed.Memory, plan.Patches, plan.Holes);
        return new FuzzInput(seed.Id, plan.Describe(), (seed, memory), null);
    }

    public override IEnumerable<string> Run(FuzzInput input)
    {
        var (seed, memory) = ((Seed, PatchedMemory))input.Payload;
        return Work(memory, seed.Info, seed.State);
    }

    public override IEnumerable<string> RunBytes(ReadOnlySpan<byte> data)
    {
        var seed = _seeds[0];
        var memory = new PatchedMemory(seed.Memory, [new Patch(seed.Reads[0].Start, data.ToArray())], []);
        return Work(memory, seed.Info, seed.State);
    }

    /// <summary>Kernel memory and VMCOREINFO of fixture dumps.</summary>
    protected static IEnumerable<(string, IMemoryReader, VmcoreInfo, object?)> FromDumps(SeedFiles seeds, IEnumerable<string> ids, Func<SeedDump, object?>? state = null) =>
        ids.Select(id => SeedDump.Get(seeds, id)).Select(d => (d.Id, (IMemoryReader)d.Target.KernelMemory, d.Target.VmcoreInfo, state?.Invoke(d)));
}
