using System.ComponentModel.DataAnnotations;

namespace Crashdesk.Core.Options;

/// <summary>Section "Retention": when the purge of raw dumps past their organisation's policy runs.</summary>
public sealed class RetentionOptions
{
    public const string Section = "Retention";

    /// <summary>A cron expression in UTC (Hangfire's recurring-job syntax, five fields): daily at 03:17 by default.</summary>
    [Required]
    public string Schedule { get; set; } = "17 3 * * *";
}
