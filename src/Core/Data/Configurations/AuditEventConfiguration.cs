using Crashdesk.Core.Domain;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Crashdesk.Core.Data.Configurations;

internal sealed class AuditEventConfiguration : IEntityTypeConfiguration<AuditEvent>
{
    public void Configure(EntityTypeBuilder<AuditEvent> builder)
    {
        builder.ToTable("audit_events");
        builder.HasKey(e => e.Id);
        builder.Property(e => e.ActorName).HasMaxLength(200);
        builder.Property(e => e.ActorEmail).HasMaxLength(320);
        builder.Property(e => e.ClientAddress).HasMaxLength(64);
        builder.Property(e => e.Action).HasMaxLength(40);
        builder.Property(e => e.TargetKind).HasMaxLength(40);
        builder.Property(e => e.Detail).HasColumnType("jsonb");
        builder.HasIndex(e => new { e.OrganizationId, e.At });
        builder.HasIndex(e => new { e.OrganizationId, e.ActorUserId, e.At });
        builder.HasIndex(e => new { e.OrganizationId, e.Action, e.At });
        builder.HasIndex(e => new { e.OrganizationId, e.CaseId, e.At });
        // Only the organisation: the log outlives the users, keys and cases it names (see migration 0012).
        builder.HasOne<Organization>().WithMany().HasForeignKey(e => e.OrganizationId).OnDelete(DeleteBehavior.Restrict);
    }
}
