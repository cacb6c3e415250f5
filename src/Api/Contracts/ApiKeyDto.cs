namespace Crashdesk.Api.Contracts;

/// <summary>
/// An API key as listed (never the key itself). <c>scopes</c>: <c>read</c>, <c>upload</c>, <c>write</c>, <c>admin</c>;
/// <c>allOrganizations</c>: the key may act in every organisation of its user (named by the
/// <c>Crashdesk-Organization</c> header), else only in its own. <c>lastUsedAddress</c>: the client address of the last use.
/// </summary>
public sealed record ApiKeyDto(
    Guid Id, string Name, string Prefix, Guid UserId, IReadOnlyList<string> Scopes, bool AllOrganizations, DateTimeOffset CreatedAt,
    DateTimeOffset? ExpiresAt, DateTimeOffset? LastUsedAt, string? LastUsedAddress, DateTimeOffset? RevokedAt);
