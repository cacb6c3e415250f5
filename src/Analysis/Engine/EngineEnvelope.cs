using Crashdesk.Analysis.Reports;

namespace Crashdesk.Analysis.Engine;

/// <summary>
/// What the engine process (`crashdesk engine`) writes on stdout, once, as JSON: the report of the one
/// artifact it analysed, or why there is none. The service that started it reads it back (the same
/// contract on both sides: this record).
/// </summary>
public sealed record EngineEnvelope
{
    /// <summary>The report; null when <see cref="Failure"/> says why there is none.</summary>
    public AnalysisReport? Report { get; init; }

    /// <summary>True when the artifact was analysed as a text log (<see cref="LogAnalyzer"/>).</summary>
    public bool IsLog { get; init; }

    /// <summary>The dump's GNU build-id (VMCOREINFO), lower-case; null for a log or a kernel without one.</summary>
    public string? BuildId { get; init; }

    /// <summary>The phases the engine timed, in the order they ended.</summary>
    public IReadOnlyList<EnginePhase> Phases { get; init; } = [];

    /// <summary>True when the dump profile built from this dump (no debug information given) was written to the path the service named.</summary>
    public bool ProfileWritten { get; init; }

    /// <summary>
    /// The engine command's own wall time, from its start to just before it prints this: the parent's wall time of
    /// the process less this is what the process costs (spawn, runtime start, channel connection, output, exit).
    /// </summary>
    public double EngineMs { get; init; }

    /// <summary>Why the analysis ended without a report; null when it has one.</summary>
    public EngineFailure? Failure { get; init; }
}

/// <summary>One timed phase of the engine process (<see cref="Diagnostics.PhaseTimings"/>).</summary>
/// <param name="Phase">Its name ("open", an extractor's name).</param>
/// <param name="StartMs">When it began, in milliseconds since the engine's timings were made.</param>
/// <param name="WallMs">Its wall time.</param>
/// <param name="CpuMs">The engine process's CPU time (all threads) during it.</param>
public sealed record EnginePhase(string Phase, double StartMs, double WallMs, double CpuMs);

/// <summary>Why the engine process ended without a report.</summary>
/// <param name="Kind">One of <see cref="EngineFailureKinds"/>: which kind of exception it was (decides permanent or retried).</param>
/// <param name="Message">The exception's message (names the file by the name the service gave).</param>
public sealed record EngineFailure(string Kind, string Message);
