namespace Crashdesk.Api.Contracts;

/// <summary>GET /api/v1/audit: one page of the organisation's audit log, newest first, the next page's cursor, and how many events match in all.</summary>
public sealed record AuditPageDto(IReadOnlyList<AuditEventDto> Items, string? NextCursor, int Total);
