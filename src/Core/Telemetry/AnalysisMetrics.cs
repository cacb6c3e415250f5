using System.Diagnostics;
using Crashdesk.Analysis.Diagnostics;
using Crashdesk.Core.Analyses;

namespace Crashdesk.Core.Telemetry;

/// <summary>What one analysis adds to <see cref="CrashdeskTelemetry"/>: its phases (as spans and as durations) and the bytes it read.</summary>
internal static class AnalysisMetrics
{
    /// <summary>
    /// Each phase the engine timed becomes a duration sample and, when the analysis is traced, a child span of
    /// the current one at the phase's real start and end (<paramref name="timingsCreated"/> is when
    /// <paramref name="timings"/> was made: its offsets count from then).
    /// </summary>
    public static void RecordPhases(PhaseTimings timings, DateTimeOffset timingsCreated)
    {
        var parent = Activity.Current;
        foreach (var (phase, start, wall) in timings.Spans)
        {
            CrashdeskTelemetry.AnalysisPhaseDuration.Record(wall.TotalSeconds, new KeyValuePair<string, object?>("phase", phase));
            if (parent is null)
                continue;
            using var span = CrashdeskTelemetry.Activities.StartActivity("analysis " + phase, ActivityKind.Internal, parent.Context, startTime: timingsCreated + start);
            span?.SetEndTime((timingsCreated + start + wall).UtcDateTime);
        }
    }

    public static void RecordRead(NamedByteSource source, string input) =>
        CrashdeskTelemetry.AnalysisBytesRead.Record(source.BytesRead, new KeyValuePair<string, object?>("input", input));
}
