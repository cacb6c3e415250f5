namespace Crashdesk.Analysis.Triage;

/// <summary>
/// One log line with its transport prefixes removed. <see cref="Context"/> is the printk caller id
/// (`T123`/`C1`, CONFIG_PRINTK_CALLER) when printed, "" for a timestamped line without one, and null
/// for a line with no timestamp at all (console noise, or a log whose timestamps were stripped).
/// </summary>
internal readonly record struct LogLine(int Number, string Text, string? Context, double? Time);
