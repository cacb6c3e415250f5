namespace Crashdesk.Api.Contracts;

/// <summary>An API key as listed (never the key itself).</summary>
public sealed record ApiKeyDto(Guid Id, string Name, string Prefix, DateTimeOffset CreatedAt, DateTimeOffset? LastUsedAt, DateTimeOffset? RevokedAt);
