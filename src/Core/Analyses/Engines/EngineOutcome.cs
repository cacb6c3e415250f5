using Crashdesk.Analysis.Diagnostics;
using Crashdesk.Analysis.Profiles;
using Crashdesk.Analysis.Reports;

namespace Crashdesk.Core.Analyses.Engines;

/// <summary>What an <see cref="IAnalysisEngine"/> gives for one artifact.</summary>
/// <param name="Report">The engine's report.</param>
/// <param name="IsLog">True when it was analysed as a text log.</param>
/// <param name="IsExcerpt">True for a dump excerpt (no debug kernel was asked for).</param>
/// <param name="BuildId">The dump's build-id, lower-case; null for a log or a kernel without one.</param>
/// <param name="Timings">The dump's phases (null for a log), offsets counting from <paramref name="TimingsCreated"/>.</param>
/// <param name="TimingsCreated">When <paramref name="Timings"/>' clock started.</param>
/// <param name="BuiltProfile">The dump profile built from this dump's kallsyms and BTF, when it ran without debug information.</param>
internal sealed record EngineOutcome(
    AnalysisReport Report,
    bool IsLog,
    bool IsExcerpt,
    string? BuildId,
    PhaseTimings? Timings,
    DateTimeOffset TimingsCreated,
    KernelProfile? BuiltProfile);
