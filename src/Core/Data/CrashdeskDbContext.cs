using Microsoft.EntityFrameworkCore;
using Crashdesk.Core.Domain;

namespace Crashdesk.Core.Data;

/// <summary>
/// The service's database. The schema is owned by the SQL files in migrations/ (applied by
/// <see cref="Migrations.SqlMigrationRunner"/>); a test proves this model matches them.
/// </summary>
public sealed class CrashdeskDbContext(DbContextOptions<CrashdeskDbContext> options) : DbContext(options)
{
    public DbSet<Organization> Organizations => Set<Organization>();
    public DbSet<User> Users => Set<User>();
    public DbSet<ApiKey> ApiKeys => Set<ApiKey>();
    public DbSet<Membership> Memberships => Set<Membership>();
    public DbSet<UserSession> UserSessions => Set<UserSession>();
    public DbSet<ExternalLogin> ExternalLogins => Set<ExternalLogin>();
    public DbSet<Case> Cases => Set<Case>();
    public DbSet<Artifact> Artifacts => Set<Artifact>();
    public DbSet<AnalysisJob> AnalysisJobs => Set<AnalysisJob>();
    public DbSet<Report> Reports => Set<Report>();
    public DbSet<DebugKernelEntry> DebugKernels => Set<DebugKernelEntry>();
    public DbSet<DebuginfodFetch> DebuginfodFetches => Set<DebuginfodFetch>();
    public DbSet<Tag> Tags => Set<Tag>();
    public DbSet<CaseTag> CaseTags => Set<CaseTag>();
    public DbSet<CaseEvent> CaseEvents => Set<CaseEvent>();
    public DbSet<Note> Notes => Set<Note>();
    public DbSet<NoteRevision> NoteRevisions => Set<NoteRevision>();
    public DbSet<CustomerEnvironment> Environments => Set<CustomerEnvironment>();
    public DbSet<EnvironmentSnapshot> EnvironmentSnapshots => Set<EnvironmentSnapshot>();
    public DbSet<EnvironmentImport> EnvironmentImports => Set<EnvironmentImport>();
    public DbSet<ArchiveUnpack> ArchiveUnpacks => Set<ArchiveUnpack>();
    public DbSet<CrashGroup> CrashGroups => Set<CrashGroup>();
    public DbSet<KnownIssue> KnownIssues => Set<KnownIssue>();
    public DbSet<IdempotencyRecord> IdempotencyKeys => Set<IdempotencyRecord>();
    public DbSet<WebhookEndpoint> WebhookEndpoints => Set<WebhookEndpoint>();
    public DbSet<WebhookEvent> WebhookEvents => Set<WebhookEvent>();
    public DbSet<WebhookDelivery> WebhookDeliveries => Set<WebhookDelivery>();
    public DbSet<WebhookDeliveryAttempt> WebhookDeliveryAttempts => Set<WebhookDeliveryAttempt>();
    public DbSet<AuditEvent> AuditEvents => Set<AuditEvent>();
    public DbSet<OrganizationDataPolicy> DataPolicies => Set<OrganizationDataPolicy>();
    public DbSet<CaseLegalHold> LegalHolds => Set<CaseLegalHold>();
    public DbSet<UploadSession> UploadSessions => Set<UploadSession>();
    public DbSet<ConsoleSession> ConsoleSessions => Set<ConsoleSession>();
    public DbSet<ConsoleCommand> ConsoleCommands => Set<ConsoleCommand>();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.ApplyConfigurationsFromAssembly(typeof(CrashdeskDbContext).Assembly);
        SnakeCaseNaming.Apply(modelBuilder);
    }
}
