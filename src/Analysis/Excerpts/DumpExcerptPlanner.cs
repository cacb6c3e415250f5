using Crashdesk.Analysis.IO;
using Crashdesk.Analysis.Kernel;

namespace Crashdesk.Analysis.Excerpts;

/// <summary>
/// Which ranges of a dump its excerpt needs: the ones the engine reads when it opens the dump and runs the
/// log-only pass (<see cref="DumpExcerpt.Extractors"/>) — found by doing exactly that through a
/// <see cref="ReadRecorder"/>, so the excerpt holds what the service's pass will read, whatever the
/// format. Ranges a few KiB apart are joined (one range costs 16 bytes of table, and fewer requests).
/// </summary>
public static class DumpExcerptPlanner
{
    /// <summary>Ranges closer than this are sent as one.</summary>
    public const long JoinGapBytes = 4096;

    /// <summary>Ranges are widened to whole blocks of this size (a disk's and S3 block cache's unit).</summary>
    public const long BlockBytes = 512;

    /// <summary>The plan for <paramref name="dump"/>, and what its log-only pass found (to say what the excerpt will show).</summary>
    public static DumpExcerptPlan Plan(IByteSource dump, AnalysisLimits? limits = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(dump);
        var recorder = new ReadRecorder(dump);
        var target = KernelTarget.Open(recorder, limits);
        var report = DumpAnalyzer.Analyze(target, new AnalysisOptions { Limits = limits, Extractors = DumpExcerpt.Extractors }, cancellationToken);
        var ranges = recorder.Read().Coalesced(JoinGapBytes, BlockBytes, dump.Length);
        return new DumpExcerptPlan(ranges, report.PanicLine, report.Triage?.Primary?.Class);
    }
}

/// <summary>The ranges an excerpt needs, and what the log pass over them found (null when nothing).</summary>
public sealed record DumpExcerptPlan(ByteRanges Ranges, string? PanicLine, string? CrashClass);
