using System.ComponentModel.DataAnnotations;

namespace Crashdesk.Core.Options;

/// <summary>Section "Bootstrap": the first-start administrator (created only when no user exists).</summary>
public sealed class BootstrapOptions
{
    public const string Section = "Bootstrap";

    [Required, EmailAddress]
    public string AdminEmail { get; set; } = "admin@crashdesk.local";

    [Required]
    public string OrganizationName { get; set; } = "Default";
}
