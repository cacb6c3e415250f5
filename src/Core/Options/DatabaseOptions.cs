using System.ComponentModel.DataAnnotations;

namespace Crashdesk.Core.Options;

/// <summary>Section "Database".</summary>
public sealed class DatabaseOptions
{
    public const string Section = "Database";

    /// <summary>Npgsql connection string (Hangfire's storage uses the same database, schema "hangfire").</summary>
    [Required]
    public string ConnectionString { get; set; } = "";

    /// <summary>Apply migrations/ at start-up (single-machine installs); docker-compose runs a one-shot migrator instead.</summary>
    public bool MigrateOnStart { get; set; }
}
