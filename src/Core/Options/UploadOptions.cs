using System.ComponentModel.DataAnnotations;

namespace Crashdesk.Core.Options;

/// <summary>Section "Uploads".</summary>
public sealed class UploadOptions
{
    public const string Section = "Uploads";

    /// <summary>Largest accepted artifact, in bytes (default 64 GiB); larger bodies get 413 and leave nothing stored.</summary>
    [Range(1, long.MaxValue)]
    public long MaxBytes { get; set; } = 64L * 1024 * 1024 * 1024;

    /// <summary>How long a resumable upload session lives after its last PATCH (tus Upload-Expires); then it is removed with its staged bytes.</summary>
    [Range(1, 24 * 365)]
    public int SessionExpiryHours { get; set; } = 24;

    /// <summary>When the maintenance queue removes expired upload sessions (cron, UTC): hourly by default.</summary>
    public string SessionCleanupSchedule { get; set; } = "23 * * * *";

    /// <summary>Where a PATCH body is held while its Upload-Checksum is verified (sealed with a key only the request knows); empty: the temp directory.</summary>
    public string SpoolPath { get; set; } = "";
}
