using Crashdesk.Analysis;
using Crashdesk.Analysis.IO;
using Crashdesk.Analysis.Reports;
using Crashdesk.Core.Domain;

namespace Crashdesk.Core.Jobs;

/// <summary>
/// Chooses the engine entry point for one artifact (issue 4, acceptance 4): a console log — chosen
/// by the uploader, or a kernel log uploaded as a vmcore, recognised by its content — goes to
/// <see cref="LogAnalyzer"/>; anything else is a dump and goes to the dump analysis the caller gives
/// (which resolves the debug kernel). Both give the same <see cref="AnalysisReport"/> contract.
/// </summary>
public static class ArtifactAnalysis
{
    /// <summary>True when <paramref name="source"/> of an artifact of <paramref name="kind"/> is analysed as a text log.</summary>
    public static bool IsLog(ArtifactKind kind, IByteSource source) =>
        kind == ArtifactKind.ConsoleLog
        // A text file holding kernel-log lines is a log whatever it was uploaded as; other text
        // (meeting notes) still goes to the dump opener, whose error says what was expected.
        || kind == ArtifactKind.Vmcore && LogAnalyzer.LooksLikeKernelLog(source);

    /// <summary>
    /// The report of <paramref name="artifact"/> read from <paramref name="source"/>: a log report
    /// (naming the uploaded file, not the storage key), or <paramref name="analyzeDump"/>'s.
    /// </summary>
    public static async Task<AnalysisReport> AnalyzeAsync(
        Artifact artifact, IByteSource source, Func<Task<AnalysisReport>> analyzeDump, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(artifact);
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(analyzeDump);
        if (!IsLog(artifact.Kind, source))
            return await analyzeDump();
        // CPU-bound text processing: off the scheduler's thread, as the dump engine runs.
        var report = await Task.Run(() => LogAnalyzer.Analyze(source, null, cancellationToken), cancellationToken);
        return report.Log is { } log ? report with { Log = log with { Name = artifact.FileName } } : report;
    }
}
