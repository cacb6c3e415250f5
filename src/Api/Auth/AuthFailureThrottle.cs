using System.Threading.RateLimiting;
using Crashdesk.Core.Options;
using Microsoft.Extensions.Options;

namespace Crashdesk.Api.Auth;

/// <summary>
/// Counts failed credential checks per client address in a sliding minute (System.Threading.RateLimiting,
/// the framework's own limiter); an address over <see cref="AccountOptions.ApiKeyFailuresPerMinute"/> is
/// refused before its keys are even looked up. Only failures count: a busy client with a good key is never slowed.
/// </summary>
internal sealed class AuthFailureThrottle(IOptions<AccountOptions> options) : IDisposable
{
    private readonly PartitionedRateLimiter<string> _failures = PartitionedRateLimiter.Create<string, string>(address =>
        RateLimitPartition.GetSlidingWindowLimiter(address, _ => new SlidingWindowRateLimiterOptions
        {
            PermitLimit = options.Value.ApiKeyFailuresPerMinute,
            Window = TimeSpan.FromMinutes(1),
            SegmentsPerWindow = 6,
            QueueLimit = 0,
        }));

    public bool IsBlocked(string? address) =>
        _failures.GetStatistics(address ?? "")?.CurrentAvailablePermits is <= 0;

    public void RecordFailure(string? address) => _failures.AttemptAcquire(address ?? "").Dispose();

    public void Dispose() => _failures.Dispose();
}
