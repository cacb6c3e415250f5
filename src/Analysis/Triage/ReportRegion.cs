using System.Text.RegularExpressions;

namespace Crashdesk.Analysis.Triage;

/// <summary>A report's place in the log: its header line, where it ends, and the boot it belongs to.</summary>
internal sealed record ReportRegion(OopsPattern Pattern, Match Header, int Start, int End, int BootEnd, string? Context);
