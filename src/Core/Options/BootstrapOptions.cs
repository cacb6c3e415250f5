using System.ComponentModel.DataAnnotations;

namespace Crashdesk.Core.Options;

/// <summary>Section "Bootstrap": the first-start administrator (created only when no user exists).</summary>
public sealed class BootstrapOptions
{
    public const string Section = "Bootstrap";

    /// <summary>Whether the first start creates the administrator; off where accounts come from elsewhere (the Worker's <c>bootstrap</c> command, SSO).</summary>
    public bool Enabled { get; set; } = true;

    [Required, EmailAddress]
    public string AdminEmail { get; set; } = "admin@crashdesk.local";

    [Required]
    public string OrganizationName { get; set; } = "Default";

    /// <summary>
    /// Where the first-start password and API key go when standard output is not a terminal (a log):
    /// a new 0600 file (relative paths from the working directory). On a terminal they are printed instead.
    /// </summary>
    [Required]
    public string CredentialsFile { get; set; } = "first-start-credentials.txt";
}
