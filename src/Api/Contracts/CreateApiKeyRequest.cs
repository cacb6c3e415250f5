namespace Crashdesk.Api.Contracts;

/// <summary>POST /api/v1/api-keys. <c>scopes</c> default to all four; <c>expiresAt</c> null: never expires.</summary>
public sealed record CreateApiKeyRequest(string Name, IReadOnlyList<string>? Scopes = null, DateTimeOffset? ExpiresAt = null, bool AllOrganizations = false);

/// <summary>POST /api/v1/api-keys/{keyId}/rotate: how long the replaced key keeps working (default 24 h).</summary>
public sealed record RotateApiKeyRequest(double? GraceHours = null);
