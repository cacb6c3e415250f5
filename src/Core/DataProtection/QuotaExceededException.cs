namespace Crashdesk.Core.DataProtection;

/// <summary>An upload would take the organisation's artifacts over its storage quota; nothing was kept. Answered 413.</summary>
public sealed class QuotaExceededException(string fileName, long quotaBytes, long usedBytes)
    : Exception($"{fileName} does not fit the organisation's storage quota of {quotaBytes} bytes: {usedBytes} bytes are in use, " +
        $"{Math.Max(quotaBytes - usedBytes, 0)} left. Nothing was stored; an administrator can raise the quota (PUT /api/v1/organization/quota).")
{
    public long QuotaBytes { get; } = quotaBytes;
    public long UsedBytes { get; } = usedBytes;
}
