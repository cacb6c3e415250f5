namespace Crashdesk.Api.Contracts;

/// <summary>A case's legal hold: who placed it, when, and why. While it is set no retention policy purges the case's files.</summary>
public sealed record LegalHoldDto(string PlacedBy, DateTimeOffset PlacedAt, string? Reason);
