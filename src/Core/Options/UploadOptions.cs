using System.ComponentModel.DataAnnotations;

namespace Crashdesk.Core.Options;

/// <summary>Section "Uploads".</summary>
public sealed class UploadOptions : IValidatableObject
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

    /// <summary>Section "Uploads:Archives": the limits an archive is unpacked within.</summary>
    public ArchiveOptions Archives { get; set; } = new();

    /// <summary>The nested section's rules (DataAnnotations does not descend into it by itself).</summary>
    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        var results = new List<ValidationResult>();
        Validator.TryValidateObject(Archives, new ValidationContext(Archives), results, validateAllProperties: true);
        return results.Select(r => new ValidationResult($"Uploads:Archives: {r.ErrorMessage}", r.MemberNames.Select(m => $"Archives.{m}")));
    }
}

/// <summary>
/// Section "Uploads:Archives": what an uploaded archive may expand to while it is unpacked. Every limit
/// is checked while the archive streams, never after: a member over one stops the unpacking there.
/// </summary>
public sealed class ArchiveOptions
{
    /// <summary>Most members (files, directories, links) read from one archive (default 10 000); the rest is not read.</summary>
    [Range(1, 10_000_000)]
    public int MaxMembers { get; set; } = 10_000;

    /// <summary>Most bytes one archive may expand to, all members together; null (the default) is <see cref="UploadOptions.MaxBytes"/>.</summary>
    [Range(1, long.MaxValue)]
    public long? MaxExpandedBytes { get; set; }

    /// <summary>
    /// Most expanded bytes per compressed byte read so far (default 1000): a compression bomb (gigabytes of
    /// zeros in a few kilobytes) crosses it early. kdump's own compression leaves nothing like that to gain.
    /// </summary>
    [Range(2, 1_000_000)]
    public int MaxExpansionRatio { get; set; } = 1000;

    /// <summary>Bytes expanded before the ratio is checked (default 64 MiB): the first blocks of any stream may compress far better than the whole.</summary>
    [Range(0, long.MaxValue)]
    public long RatioGraceBytes { get; set; } = 64L << 20;
}
