using Crashdesk.Core.Domain;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Crashdesk.Core.Data.Configurations;

internal sealed class ConsoleSessionConfiguration : IEntityTypeConfiguration<ConsoleSession>
{
    public void Configure(EntityTypeBuilder<ConsoleSession> builder)
    {
        builder.ToTable("console_sessions");
        builder.HasKey(s => s.Id);
        builder.Property(s => s.WorkerName).HasMaxLength(200);
        // One console per person and case: a second tab or a reconnect joins it.
        builder.HasIndex(s => new { s.UserId, s.CaseId }).IsUnique();
        builder.HasIndex(s => s.OrganizationId);
        builder.HasIndex(s => s.CaseId);
        builder.HasIndex(s => s.ArtifactId);
        builder.HasIndex(s => s.DebugKernelId);
        builder.HasOne<Organization>().WithMany().HasForeignKey(s => s.OrganizationId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne<Case>().WithMany().HasForeignKey(s => s.CaseId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne<User>().WithMany().HasForeignKey(s => s.UserId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne<Artifact>().WithMany().HasForeignKey(s => s.ArtifactId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne<DebugKernelEntry>().WithMany().HasForeignKey(s => s.DebugKernelId).OnDelete(DeleteBehavior.SetNull);
    }
}
