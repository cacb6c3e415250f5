namespace Crashdesk.Core.Services;

/// <summary>A new key: <see cref="Secret"/> is shown once and never stored (only its hash is).</summary>
public sealed record CreatedApiKey(ApiKeyView Key, string Secret);
