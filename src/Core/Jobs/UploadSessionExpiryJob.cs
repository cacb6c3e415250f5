using Crashdesk.Core.Uploads;
using Hangfire;

namespace Crashdesk.Core.Jobs;

/// <summary>The recurring job of the maintenance queue removing abandoned upload sessions (<see cref="UploadSessionExpiry"/>), hourly by default.</summary>
public sealed class UploadSessionExpiryJob(UploadSessionExpiry expiry)
{
    public const string RecurringId = "upload-session-expiry";

    [JobDisplayName("expire upload sessions")]
    public Task RunAsync(CancellationToken cancellationToken) => expiry.RunAsync(DateTimeOffset.UtcNow, cancellationToken);
}
