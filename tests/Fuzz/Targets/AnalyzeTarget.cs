using Crashdesk.Analysis;
using Crashdesk.Analysis.IO;
using Crashdesk.Fuzz.Mutation;
using Crashdesk.Fuzz.Seeds;

namespace Crashdesk.Fuzz.Targets;

/// <summary>
/// The whole dump analysis (<see cref="DumpAnalyzer"/>: every extractor — kernel log, triage, tasks,
/// sys, kmem, backtraces with ORC, locks, modules) on mutated dump files, mutated where the clean
/// analysis read. Its report's failures must read as the engine's errors do: an extractor that died
/// of an unexpected exception shows up here by its .NET type name (DumpAnalyzer.Run) and is a crash.
/// </summary>
public sealed class AnalyzeTarget(params string[] seedIds) : FuzzTarget
{
    private readonly List<(string Id, byte[] Bytes, IReadOnlyList<Region> Reads, IReadOnlyList<Field> Fields)> _seeds = [];

    public override string Name => "analyze";

    public override void Load(SeedFiles seeds)
    {
        foreach (string id in seedIds)
        {
            byte[] bytes = seeds.Bytes(seeds.DumpPath(id));
            var recording = new RecordingByteSource(new MemoryByteSource(bytes, id));
            _ = Work(recording).ToList();
            _seeds.Add((id, bytes, recording.Reads, DumpLayouts.Fields(bytes)));
        }
    }

    public override FuzzInput Next(Random rng)
    {
        var (id, bytes, reads, fields) = _seeds[rng.Next(_seeds.Count)];
        var plan = new BinaryMutator(rng, reads, fields, (at, n) => BinaryMutator.Slice(bytes, at, n)).Plan(bytes.Length, truncate: true, holes: false);
        var source = new PatchedByteSource(bytes, plan.Patches, plan.Length, "dump." + id.Split('/')[^1]);
        return new FuzzInput(id, plan.Describe(), source, source.ToArray);
    }

    public override IEnumerable<string> Run(FuzzInput input) => Work((PatchedByteSource)input.Payload);

    public override IEnumerable<string> RunBytes(ReadOnlySpan<byte> data) => Work(new MemoryByteSource(data.ToArray(), "dump"));

    private static IEnumerable<string> Work(IByteSource source)
    {
        var report = DumpAnalyzer.Analyze(source, AnalysisLimits.Default);
        return report.Failures.Concat(report.Skipped).Select(f => f.Message);
    }
}
