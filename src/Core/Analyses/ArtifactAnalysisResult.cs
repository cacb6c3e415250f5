using Crashdesk.Analysis.Reports;

namespace Crashdesk.Core.Analyses;

/// <summary>
/// The outcome of analysing one artifact: the engine's report and what the service decided around
/// it, as typed fields (stored as columns of the report row, never read back out of the JSON).
/// </summary>
/// <param name="Report">The engine's report.</param>
/// <param name="IsLog">True when the artifact was analysed as a console log (no dump memory).</param>
/// <param name="BuildId">The dump's GNU build-id (VMCOREINFO BUILD-ID), lower-case; null for a log or an older kernel.</param>
/// <param name="DebugKernel">Which debug kernel was used or refused; null for a log.</param>
public sealed record ArtifactAnalysisResult(AnalysisReport Report, bool IsLog, string? BuildId, DebugKernelUsage? DebugKernel)
{
    /// <summary>The library entry that was used, or null (none: kallsyms/BTF from the dump).</summary>
    public Guid? UsedDebugKernelId => DebugKernel is { Used: true } usage ? usage.LibraryId : null;

    /// <summary>The library entries the pre-flight check refused.</summary>
    public IReadOnlyList<Guid> RefusedDebugKernelIds =>
        DebugKernel is null ? [] : [.. DebugKernel.Mismatches.Select(m => m.LibraryId).OfType<Guid>()];
}
