namespace Crashdesk.Api.Contracts;

/// <summary>A row of GET /api/v1/cases. <c>status</c>: the newest analysis' status, null when none.</summary>
public sealed record CaseSummaryDto(
    Guid Id, string Title, string Customer, string? ExternalReference, DateTimeOffset CreatedAt, string? Status, string? PanicLine);
