namespace Crashdesk.Core.DataProtection;

/// <summary>An organisation's retention policy: raw dumps are purged <see cref="Days"/> days after upload; null keeps them.</summary>
public sealed record RetentionPolicyView(int? Days, DateTimeOffset? UpdatedAt);

/// <summary>An organisation's storage quota (null: none) and what its stored artifacts take now.</summary>
public sealed record StorageQuotaView(long? Bytes, long UsedBytes, DateTimeOffset? UpdatedAt);

/// <summary>Whether customer accounts may run console commands on the organisation's dumps (they read its memory).</summary>
public sealed record ConsoleAccessPolicyView(bool Customers, DateTimeOffset? UpdatedAt);

/// <summary>A case's legal hold: who placed it, when and why.</summary>
public sealed record LegalHoldView(string PlacedBy, DateTimeOffset PlacedAt, string? Reason);

/// <summary>What one purge run did.</summary>
public sealed record PurgeSummary(int Purged, long Bytes, int Skipped);
