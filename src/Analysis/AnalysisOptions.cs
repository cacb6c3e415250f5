using Crashdesk.Analysis.Diagnostics;
using Crashdesk.Analysis.Profiles;

namespace Crashdesk.Analysis;

/// <summary>How <see cref="DumpAnalyzer"/> runs: which debug information, which extractors, which limits.</summary>
public sealed record AnalysisOptions
{
    /// <summary>A matching debug kernel or kernel profile; null = what the dump itself holds (kallsyms, BTF).</summary>
    public IKernelDebugInfo? DebugInfo { get; init; }

    /// <summary>Caps for hostile input; null = <see cref="AnalysisLimits.Default"/>.</summary>
    public AnalysisLimits? Limits { get; init; }

    /// <summary>Extractor names to run (see <see cref="DumpAnalyzer.ExtractorNames"/>); null = all.</summary>
    public IReadOnlySet<string>? Extractors { get; init; }

    /// <summary>When set, each extractor's duration is recorded here (`crashdesk analyze --timings`).</summary>
    public PhaseTimings? Timings { get; init; }

    /// <summary>
    /// Called with the kernel context once the analysis has opened it (not for a log-only pass), so a
    /// caller can keep what it read: a service builds a profile of the dump's own kallsyms and BTF
    /// from it (<see cref="Context.DumpProfileBuilder"/>) without reading them again.
    /// </summary>
    public Action<Context.KernelContext>? OnKernelContext { get; init; }

    /// <summary>True when <paramref name="extractor"/> should run.</summary>
    public bool Runs(string extractor) => Extractors is null || Extractors.Contains(extractor);
}
