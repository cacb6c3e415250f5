using System.ComponentModel.DataAnnotations;

namespace Crashdesk.Core.Options;

/// <summary>Section "Webhooks": how events are delivered to organisations' endpoints, retried and given up.</summary>
public sealed class WebhookOptions
{
    public const string Section = "Webhooks";

    /// <summary>How long one POST may take (connect, send, the answer's headers and excerpt) before it counts as failed.</summary>
    [TimeSpanRange("00:00:01", "00:05:00")]
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>HTTP tries per delivery, the first included; after the last one fails the delivery ends failed.</summary>
    [Range(1, 50)]
    public int MaxAttempts { get; set; } = 15;

    /// <summary>Back-off before the second try; each further one waits <see cref="BackoffFactor"/> times longer, up to <see cref="MaxRetryDelay"/>.</summary>
    [TimeSpanRange("00:00:01", "01:00:00")]
    public TimeSpan RetryDelay { get; set; } = TimeSpan.FromSeconds(10);

    [Range(1.0, 10.0)]
    public double BackoffFactor { get; set; } = 2;

    [TimeSpanRange("00:00:01", "1.00:00:00")]
    public TimeSpan MaxRetryDelay { get; set; } = TimeSpan.FromHours(6);

    /// <summary>An endpoint whose every try failed for this long is disabled, with a notice its admins see.</summary>
    [TimeSpanRange("00:00:01", "90.00:00:00")]
    public TimeSpan DisableAfter { get; set; } = TimeSpan.FromDays(3);

    /// <summary>After a secret rotation the previous secret signs too (a second signature) for this long, so receivers can switch without losing events.</summary>
    [TimeSpanRange("00:00:00", "30.00:00:00")]
    public TimeSpan SecretOverlap { get; set; } = TimeSpan.FromHours(24);

    /// <summary>
    /// How long an event and its deliveries stay in the delivery log once every delivery has ended; the
    /// daily maintenance run deletes older ones (WebhookLogRetention).
    /// </summary>
    [TimeSpanRange("1.00:00:00", "3650.00:00:00")]
    public TimeSpan KeepDeliveriesFor { get; set; } = TimeSpan.FromDays(30);

    /// <summary>How often a relay looks for undelivered events when no notification woke it.</summary>
    [TimeSpanRange("00:00:00.100", "00:05:00")]
    public TimeSpan RelayPollInterval { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>
    /// Let endpoints be on loopback (127.0.0.0/8, ::1, localhost). Off by default: from the service's
    /// own machine a webhook could otherwise reach its database or local admin ports (server-side request forgery).
    /// </summary>
    public bool AllowLoopback { get; set; }

    /// <summary>
    /// Let endpoints be link-local (169.254.0.0/16, fe80::/10), where clouds serve instance metadata
    /// and credentials (169.254.169.254, fd00:ec2::254). Off by default: never needed for a real receiver.
    /// </summary>
    public bool AllowLinkLocal { get; set; }
}
