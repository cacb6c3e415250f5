using Crashdesk.Analysis.Extractors.Backtrace;
using Crashdesk.Analysis.Extractors.Sys;
using Crashdesk.Analysis.Reports;

namespace Crashdesk.Api.Contracts;

/// <summary>
/// One part of a case's newest report (GET /api/v1/cases/{id}/report/log, /backtraces, /tasks, /locks,
/// /environment), so a ticket can show just that. <c>data</c> is null when the engine could not read the part;
/// <c>problems</c> then say why (the extractor's failures and skips, as in the whole report).
/// </summary>
public sealed record ReportPartDto<T>(Guid CaseId, int Version, T? Data, IReadOnlyList<ExtractorFailure> Problems);

/// <summary>The kernel log part: the panic line, what the log says in brief, and the log itself.</summary>
public sealed record ReportLogPart(string? PanicLine, LogSummary? Summary, string? KernelLog);

/// <summary>The backtraces part: the tasks active on a CPU at the crash, then the others (crash `bt -a`, `foreach bt`).</summary>
public sealed record ReportBacktracesPart(IReadOnlyList<TaskBacktrace>? Active, IReadOnlyList<TaskBacktrace>? Others);

/// <summary>The environment part: what the dump says of the machine and kernel (crash `sys`, `mod`) and of the dump itself.</summary>
public sealed record ReportEnvironmentPart(SystemInfo? System, DumpSummary? Dump, IReadOnlyList<Crashdesk.Analysis.Context.Modules.KernelModule>? Modules);
