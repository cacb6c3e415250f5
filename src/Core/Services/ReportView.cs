using Crashdesk.Analysis.Reports;
using Crashdesk.Core.Analyses;

namespace Crashdesk.Core.Services;

/// <summary>One version of a case's report: the engine's report and the service's record of the debug kernel it used (null for a console log).</summary>
public sealed record ReportView(
    Guid CaseId,
    int Version,
    Guid AnalysisJobId,
    Guid ArtifactId,
    DateTimeOffset CreatedAt,
    AnalysisReport Report,
    DebugKernelUsage? DebugKernel);
