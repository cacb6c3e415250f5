namespace Crashdesk.Api.Contracts;

/// <summary>PUT /cases/{id}/legal-hold: an optional reason (at most 500 characters).</summary>
public sealed record PlaceLegalHoldRequest(string? Reason);
