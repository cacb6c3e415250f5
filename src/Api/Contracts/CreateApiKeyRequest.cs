namespace Crashdesk.Api.Contracts;

/// <summary>POST /api/v1/api-keys.</summary>
public sealed record CreateApiKeyRequest(string Name);
