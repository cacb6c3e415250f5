using Crashdesk.Analysis.Reports;

namespace Crashdesk.Core.Services;

/// <summary>One version of a case's report with the engine's report itself.</summary>
public sealed record ReportView(
    Guid CaseId,
    int Version,
    Guid AnalysisJobId,
    Guid ArtifactId,
    DateTimeOffset CreatedAt,
    AnalysisReport Report);
