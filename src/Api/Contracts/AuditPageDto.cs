namespace Crashdesk.Api.Contracts;

/// <summary>GET /api/v1/audit: one page of the organisation's audit log, newest first, and how many events match in all.</summary>
public sealed record AuditPageDto(IReadOnlyList<AuditEventDto> Items, int Total, int Page, int PageSize);
