namespace Crashdesk.Core.Services;

/// <summary>A row of the case list. <see cref="Status"/> is the newest analysis' status (null: none yet).</summary>
public sealed record CaseSummary(
    Guid Id,
    string Title,
    string Customer,
    string? ExternalReference,
    DateTimeOffset CreatedAt,
    string? Status,
    string? PanicLine);
