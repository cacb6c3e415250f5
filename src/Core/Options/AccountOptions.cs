using System.ComponentModel.DataAnnotations;

namespace Crashdesk.Core.Options;

/// <summary>
/// <c>Accounts</c>: sessions, lockout and sign-in throttling. Defaults follow OWASP's authentication
/// cheat sheet (lock after a handful of failures for minutes, not forever; idle sessions end).
/// </summary>
public sealed class AccountOptions
{
    public const string Section = "Accounts";

    /// <summary>A session unused this long ends (sliding).</summary>
    [TimeSpanRange("00:05:00", "30.00:00:00")]
    public TimeSpan SessionIdleTimeout { get; set; } = TimeSpan.FromHours(12);

    /// <summary>Wrong passwords in a row before the account is locked.</summary>
    [Range(3, 100)]
    public int MaxFailedSignIns { get; set; } = 5;

    [TimeSpanRange("00:00:10", "1.00:00:00")]
    public TimeSpan LockoutDuration { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>Sign-in attempts (right or wrong) per client address per minute.</summary>
    [Range(1, 10000)]
    public int SignInsPerMinute { get; set; } = 10;

    /// <summary>Requests with an unknown, revoked or expired API key per client address per minute before all its key requests get 429.</summary>
    [Range(1, 10000)]
    public int ApiKeyFailuresPerMinute { get; set; } = 20;

    /// <summary>How long the replaced key of a rotation stays valid by default.</summary>
    [TimeSpanRange("00:00:00", "30.00:00:00")]
    public TimeSpan RotationGrace { get; set; } = TimeSpan.FromHours(24);
}
