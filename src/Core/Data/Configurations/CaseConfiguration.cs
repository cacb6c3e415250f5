using Crashdesk.Core.Domain;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Crashdesk.Core.Data.Configurations;

internal sealed class CaseConfiguration : IEntityTypeConfiguration<Case>
{
    /// <summary>
    /// The case's searchable words, as migrations/0005_desk.sql generates them: the title weighs most
    /// (A), the crash's own words next (B), the description least (C). The <c>simple</c>
    /// configuration: kernel text is identifiers, which stemming and stop words would mangle.
    /// </summary>
    public const string SearchVectorSql = """
        setweight(to_tsvector('simple', coalesce(title, '')), 'A')
        || setweight(to_tsvector('simple', coalesce(panic_line, '') || ' ' || coalesce(triage_title, '') || ' ' || coalesce(guilty_frame, '')), 'B')
        || setweight(to_tsvector('simple', coalesce(customer, '') || ' ' || coalesce(external_reference, '') || ' ' || coalesce(description, '')), 'C')
        || setweight(to_tsvector('simple', coalesce(notes_text, '')), 'D')
        """;

    public void Configure(EntityTypeBuilder<Case> builder)
    {
        builder.ToTable("cases");
        builder.HasKey(c => c.Id);
        builder.Property(c => c.Title).HasMaxLength(300);
        builder.Property(c => c.Customer).HasMaxLength(200);
        builder.Property(c => c.ExternalReference).HasMaxLength(200);
        // A ticketing system finds its case by its ticket id.
        builder.HasIndex(c => new { c.OrganizationId, c.ExternalReference });
        builder.Property(c => c.Status).HasMaxLength(30)
            .HasConversion(s => CaseWorkflow.Name(s), s => ParseStatus(s));
        builder.Property(c => c.Priority).HasConversion<int>();
        builder.Property(c => c.Revision).IsConcurrencyToken();
        builder.Property(c => c.PanicLine).HasMaxLength(1000);
        builder.Property(c => c.TriageTitle).HasMaxLength(500);
        builder.Property(c => c.CrashClass).HasMaxLength(100);
        builder.Property(c => c.GuiltyFrame).HasMaxLength(300);
        builder.Property(c => c.KernelRelease).HasMaxLength(200);
        builder.Property(c => c.KernelBuild).HasMaxLength(300);
        builder.Property(c => c.GuiltyModule).HasMaxLength(100);
        builder.Property(c => c.CrashSignature).HasMaxLength(64);
        builder.Property(c => c.SearchVector).HasComputedColumnSql(SearchVectorSql, stored: true);
        // Lists are per organisation, newest first; filters by the workflow's columns.
        // The dashboard counts opened cases per week and class, and groups' recent cases, from the index alone.
        builder.HasIndex(c => new { c.OrganizationId, c.CreatedAt }).IncludeProperties(c => new { c.GroupId, c.CrashClass });
        builder.HasIndex(c => new { c.OrganizationId, c.UpdatedAt });
        builder.HasIndex(c => new { c.OrganizationId, c.Status });
        builder.HasIndex(c => new { c.OrganizationId, c.ClosedAt }).IncludeProperties(c => new { c.CrashClass });
        builder.HasIndex(c => new { c.OrganizationId, c.Status, c.AssigneeUserId });
        // Priority order is P1 first, then the most recently updated: the index runs that way.
        builder.HasIndex(c => new { c.OrganizationId, c.Priority, c.UpdatedAt }).IsDescending(false, false, true);
        builder.HasIndex(c => new { c.OrganizationId, c.CrashClass });
        // Similar cases: same guilty frame, same module, or a shared call-trace frame.
        builder.HasIndex(c => new { c.OrganizationId, c.GuiltyFrame });
        builder.HasIndex(c => new { c.OrganizationId, c.GuiltyModule });
        builder.HasIndex(c => c.TraceFrames).HasMethod("gin");
        builder.HasIndex(c => c.AssigneeUserId);
        // The cases of one crash (the environment they share; crash groups).
        builder.HasIndex(c => new { c.OrganizationId, c.CrashSignature });
        builder.HasIndex(c => c.EnvironmentId);
        builder.HasIndex(c => new { c.GroupId, c.CreatedAt });
        // The group list ranks the organisation's groups by cases and last seen.
        builder.HasIndex(c => new { c.OrganizationId, c.GroupId, c.CreatedAt });
        builder.HasIndex(c => c.SearchVector).HasMethod("gin");
        builder.HasOne<Organization>().WithMany().HasForeignKey(c => c.OrganizationId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne<User>().WithMany().HasForeignKey(c => c.CreatedByUserId).OnDelete(DeleteBehavior.SetNull);
        builder.HasOne<User>().WithMany().HasForeignKey(c => c.UpdatedByUserId).OnDelete(DeleteBehavior.SetNull);
        builder.HasOne<User>().WithMany().HasForeignKey(c => c.AssigneeUserId).OnDelete(DeleteBehavior.SetNull);
        builder.HasOne<CustomerEnvironment>().WithMany().HasForeignKey(c => c.EnvironmentId).OnDelete(DeleteBehavior.SetNull);
        builder.HasOne<CrashGroup>().WithMany().HasForeignKey(c => c.GroupId).OnDelete(DeleteBehavior.SetNull);
    }

    private static CaseStatus ParseStatus(string name) =>
        CaseWorkflow.TryParse(name, out var status) ? status : throw new InvalidOperationException($"unknown case status '{name}' in the database");
}
