using Crashdesk.Core.Domain;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Crashdesk.Core.Data.Configurations;

internal sealed class EnvironmentSnapshotConfiguration : IEntityTypeConfiguration<EnvironmentSnapshot>
{
    public void Configure(EntityTypeBuilder<EnvironmentSnapshot> builder)
    {
        builder.ToTable("environment_snapshots");
        builder.HasKey(s => s.Id);
        builder.Property(s => s.Source).HasMaxLength(20);
        builder.Property(s => s.Summary).HasMaxLength(EnvironmentSnapshot.SummaryMax);
        builder.Property(s => s.Content).HasColumnType("jsonb");
        builder.HasIndex(s => new { s.CaseId, s.Version }).IsUnique();
        builder.HasIndex(s => new { s.EnvironmentId, s.Version }).IsUnique();
        builder.HasOne<Case>().WithMany().HasForeignKey(s => s.CaseId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne<CustomerEnvironment>().WithMany().HasForeignKey(s => s.EnvironmentId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne<User>().WithMany().HasForeignKey(s => s.AuthorUserId).OnDelete(DeleteBehavior.SetNull);
    }
}
