namespace Crashdesk.Analysis.Triage;

/// <summary>
/// The sentences a triage result carries about what it did not read: reports past the per-log cap,
/// lines cut at the length cap, lines past the line cap. Limits are named by what they bound and
/// their value; they are the engine's fixed defaults (no service setting changes them).
/// </summary>
internal static class TriageNotes
{
    public static List<string> For(SplitResult split, LogReadStats stats, AnalysisLimits limits)
    {
        var notes = new List<string>();
        if (split.Skipped > 0)
            notes.Add($"the log holds {split.Regions.Count + split.Skipped} crash reports: the first {split.Regions.Count} were analysed and {split.Skipped} skipped (a limit of {limits.MaxTriageReports} reports per log)");
        if (stats.LinesCut > 0)
            notes.Add($"{stats.LinesCut} line{(stats.LinesCut == 1 ? " was" : "s were")} longer than {limits.MaxTriageLineChars} characters and cut to that length (a limit of {limits.MaxTriageLineChars} characters per line)");
        if (stats.LineCapReached)
            notes.Add($"only the first {limits.MaxTriageLines} lines of the log were examined (a limit of {limits.MaxTriageLines} lines per log)");
        return notes;
    }
}
