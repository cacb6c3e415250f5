namespace Crashdesk.Api.Contracts;

/// <summary>PUT /organization/quota: <c>bytes</c> 0 or more, or null for no quota.</summary>
public sealed record SetQuotaRequest(long? Bytes);
