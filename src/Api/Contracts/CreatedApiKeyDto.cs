namespace Crashdesk.Api.Contracts;

/// <summary>A new API key: <c>secret</c> is returned this once and never stored.</summary>
public sealed record CreatedApiKeyDto(ApiKeyDto Key, string Secret);
