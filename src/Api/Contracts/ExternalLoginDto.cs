namespace Crashdesk.Api.Contracts;

/// <summary>A single sign-on identity linked to a user: the provider's issuer and subject, when linked and last used.</summary>
public sealed record ExternalLoginDto(Guid Id, string Issuer, string Subject, DateTimeOffset CreatedAt, DateTimeOffset? LastUsedAt);
