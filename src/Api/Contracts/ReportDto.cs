using Crashdesk.Analysis.Reports;
using Crashdesk.Core.Analyses;

namespace Crashdesk.Api.Contracts;

/// <summary>
/// GET /api/v1/cases/{id}/report: the newest report version. <c>report</c> is the engine's
/// AnalysisReport; <c>debugKernel</c> says which debug kernel of the organisation's library the
/// analysis used (or none: kallsyms/BTF from the dump) and which attached ones it refused; null for
/// a console-log report.
/// </summary>
public sealed record ReportDto(Guid CaseId, int Version, Guid AnalysisId, Guid ArtifactId, DateTimeOffset CreatedAt, AnalysisReport Report, DebugKernelUsage? DebugKernel);
