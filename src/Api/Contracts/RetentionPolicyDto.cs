namespace Crashdesk.Api.Contracts;

/// <summary>The organisation's retention policy: raw dumps (vmcore artifacts) are purged <c>days</c> after upload; null keeps them for ever.</summary>
public sealed record RetentionPolicyDto(int? Days, DateTimeOffset? UpdatedAt);
