namespace Crashdesk.Core.Audit;

/// <summary>One page of the audit log, newest first, and how many events match in all.</summary>
public sealed record AuditPage(IReadOnlyList<AuditEventView> Items, int Total, int Page, int PageSize);

/// <summary>One page of the audit log by cursor, newest first, and how many events match in all.</summary>
public sealed record AuditCursorPage(IReadOnlyList<AuditEventView> Items, string? NextCursor, int Total);
