namespace Crashdesk.Api.Contracts;

/// <summary>The organisation's storage quota in bytes (null: none) and what its stored artifacts take now (purged ones do not count).</summary>
public sealed record StorageQuotaDto(long? Bytes, long UsedBytes, DateTimeOffset? UpdatedAt);
