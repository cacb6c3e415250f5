namespace Crashdesk.Core.Services;

/// <summary>An API key as listed: never the key itself, only its prefix.</summary>
public sealed record ApiKeyView(Guid Id, string Name, string Prefix, DateTimeOffset CreatedAt, DateTimeOffset? LastUsedAt, DateTimeOffset? RevokedAt);
