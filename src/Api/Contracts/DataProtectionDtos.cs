using Crashdesk.Core.DataProtection;

namespace Crashdesk.Api.Contracts;

/// <summary>View → DTO mappings of retention, quota and legal holds.</summary>
internal static class DataProtectionDtos
{
    public static RetentionPolicyDto Of(RetentionPolicyView v) => new(v.Days, v.UpdatedAt);

    public static StorageQuotaDto Of(StorageQuotaView v) => new(v.Bytes, v.UsedBytes, v.UpdatedAt);

    public static ConsoleAccessPolicyDto Of(ConsoleAccessPolicyView v) => new(v.Customers, v.UpdatedAt);

    public static LegalHoldDto? Of(LegalHoldView? v) => v is null ? null : new(v.PlacedBy, v.PlacedAt, v.Reason);
}
