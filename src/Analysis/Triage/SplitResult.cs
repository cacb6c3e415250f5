namespace Crashdesk.Analysis.Triage;

/// <summary>The reports found in a log, and how many more there were past the per-log cap.</summary>
internal sealed record SplitResult(List<ReportRegion> Regions, int Skipped);
