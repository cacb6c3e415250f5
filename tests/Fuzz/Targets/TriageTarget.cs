using Crashdesk.Analysis;
using Crashdesk.Analysis.IO;
using Crashdesk.Fuzz.Mutation;
using Crashdesk.Fuzz.Seeds;

namespace Crashdesk.Fuzz.Targets;

/// <summary>
/// The console-log path (<see cref="LogAnalyzer"/>: decoding, line reading, the log triage of
/// src/Analysis/Triage) on mutated console logs of the fixtures: NUL and CR floods, long lines,
/// repeated oops headers, invalid UTF-8, control bytes, cuts and repeated blocks.
/// </summary>
public sealed class TriageTarget(int maxFlood) : FuzzTarget
{
    private readonly List<(string Name, byte[] Bytes)> _logs = [];

    public override string Name => "triage";

    public override void Load(SeedFiles seeds)
    {
        foreach (string path in seeds.ConsoleLogs())
            _logs.Add((seeds.Relative(path), seeds.Bytes(path)));
    }

    public override IEnumerable<(string Name, byte[] Bytes)> RawSeeds() => _logs.Select(l => (l.Name.Replace('/', '_'), l.Bytes));

    public override FuzzInput Next(Random rng)
    {
        var (name, seed) = _logs[rng.Next(_logs.Count)];
        // A slice around the crash keeps most inputs small: the part the triage works hardest on.
        if (rng.Next(3) > 0 && seed.Length > 16384)
        {
            int start = rng.Next(seed.Length - 8192);
            seed = seed[start..Math.Min(seed.Length, start + 4096 + rng.Next(16384))];
            name += $" [{start}..]";
        }
        var (bytes, steps) = new TextMutator(rng, maxFlood).Mutate(seed, keyValue: false);
        return new FuzzInput(name, steps, bytes, () => bytes);
    }

    public override IEnumerable<string> Run(FuzzInput input) => RunBytes((byte[])input.Payload);

    public override IEnumerable<string> RunBytes(ReadOnlySpan<byte> data)
    {
        using var source = new MemoryByteSource(data.ToArray(), "console.log");
        var report = LogAnalyzer.Analyze(source, AnalysisLimits.Default);
        return report.Failures.Select(f => f.Message);
    }
}
