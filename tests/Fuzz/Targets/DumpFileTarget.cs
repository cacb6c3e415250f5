using Crashdesk.Analysis;
using Crashdesk.Analysis.Extractors.Dmesg;
using Crashdesk.Analysis.Formats.Detection;
using Crashdesk.Analysis.IO;
using Crashdesk.Analysis.Kernel;
using Crashdesk.Analysis.Memory;
using Crashdesk.Fuzz.Mutation;
using Crashdesk.Fuzz.Seeds;

namespace Crashdesk.Fuzz.Targets;

/// <summary>
/// A format reader on mutated dump files. <see cref="OpenOnly"/>: format detection and open
/// (<see cref="DumpOpener"/>) and a few pages read, over every format's seed, with magics swapped;
/// otherwise the whole way to the kernel log: <see cref="KernelTarget.Open"/> (format, VMCOREINFO,
/// notes, translation) and <see cref="KernelLogExtractor"/> (the pages that hold the printk ring,
/// decompressed). Mutations go where the clean run read: headers, bitmaps, descriptors, notes, pages.
/// </summary>
public sealed class DumpFileTarget(string name, bool openOnly, params string[] seedIds) : FuzzTarget
{
    private readonly List<Seed> _seeds = [];

    private sealed record Seed(string Id, byte[] Bytes, IReadOnlyList<Region> Reads, IReadOnlyList<Field> Fields, ulong[] Pages);

    public override string Name => name;

    private bool OpenOnly => openOnly;

    public override void Load(SeedFiles seeds)
    {
        foreach (string id in seedIds)
        {
            byte[] bytes = seeds.Bytes(seeds.DumpPath(id));
            var pages = SamplePages(bytes, id);
            var recording = new RecordingByteSource(new MemoryByteSource(bytes, id));
            _ = Work(recording, pages).ToList();
            _seeds.Add(new Seed(id, bytes, recording.Reads, DumpLayouts.Fields(bytes), pages));
        }
    }

    /// <summary>Up to 8 present physical pages spread over the first 4 GiB, read after an open.</summary>
    private static ulong[] SamplePages(byte[] bytes, string id)
    {
        var memory = DumpOpener.Open(new MemoryByteSource(bytes, id)).PhysicalMemory;
        var found = new List<ulong>();
        for (ulong a = 0x100000; a < 1UL << 32 && found.Count < 8; a += 0x1000000UL)
            if (memory.GetPageState(a) == PageState.Present)
                found.Add(a);
        return found.ToArray();
    }

    public override IEnumerable<(string Name, byte[] Bytes)> RawSeeds() => _seeds.Select(s => (s.Id.Replace('/', '_'), s.Bytes));

    public override FuzzInput Next(Random rng)
    {
        var seed = _seeds[rng.Next(_seeds.Count)];
        var regions = OpenOnly ? seed.Reads.Where(r => r.Start < 1 << 20).ToList() : seed.Reads;
        if (regions.Count == 0)
            regions = seed.Reads;
        var mutator = new BinaryMutator(rng, regions, seed.Fields, (at, n) => Mutation.BinaryMutator.Slice(seed.Bytes, at, n));
        var plan = mutator.Plan(seed.Bytes.Length, truncate: true, holes: false);
        if (OpenOnly && rng.Next(4) == 0)
            SwapMagic(rng, plan);
        var source = new PatchedByteSource(seed.Bytes, plan.Patches, plan.Length, "dump." + seed.Id.Split('/')[^1]);
        return new FuzzInput(seed.Id, plan.Describe(), (source, seed.Pages), source.ToArray);
    }

    private static void SwapMagic(Random rng, MutationPlan plan)
    {
        byte[][] magics = ["KDUMP   "u8.ToArray(), "makedumpfile\0\0\0\0"u8.ToArray(), [0x7f, (byte)'E', (byte)'L', (byte)'F', 2, 1, 1, 0], [0x1f, 0x8b, 8, 0], "DISKDUMP"u8.ToArray(), [0x7f, (byte)'E', (byte)'L', (byte)'F', 1, 2, 1, 0]];
        byte[] m = magics[rng.Next(magics.Length)];
        ulong at = rng.Next(3) == 0 ? 4096UL + 16 : 0;
        plan.Patches.Add(new Patch(at, m));
        plan.Steps.Add($"magic {Convert.ToHexString(m)} at 0x{at:x}");
    }

    public override IEnumerable<string> Run(FuzzInput input)
    {
        var (source, pages) = ((PatchedByteSource, ulong[]))input.Payload;
        return Work(source, pages);
    }

    public override IEnumerable<string> RunBytes(ReadOnlySpan<byte> data) =>
        Work(new MemoryByteSource(data.ToArray(), "dump"), _seeds.Count > 0 ? _seeds[0].Pages : [0x100000]);

    private IEnumerable<string> Work(IByteSource source, ulong[] pages)
    {
        var messages = new List<string>();
        var page = new byte[4096];
        if (OpenOnly)
        {
            var dump = DumpOpener.Open(source, AnalysisLimits.Default);
            foreach (ulong p in pages)
                dump.PhysicalMemory.Read(p, page);
            return messages;
        }
        var target = KernelTarget.Open(source, AnalysisLimits.Default);
        foreach (ulong p in pages)
            target.PhysicalMemory.Read(p, page);
        var log = KernelLogExtractor.Extract(target);
        messages.AddRange(log.Problems(target.FileInfo));
        return messages;
    }
}
