using Crashdesk.Core.Domain;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Crashdesk.Core.Data.Configurations;

internal sealed class ArtifactConfiguration : IEntityTypeConfiguration<Artifact>
{
    public void Configure(EntityTypeBuilder<Artifact> builder)
    {
        builder.ToTable("artifacts");
        builder.HasKey(a => a.Id);
        builder.Property(a => a.FileName).HasMaxLength(255);
        builder.Property(a => a.Kind).AsKindName("artifacts");
        builder.Property(a => a.StorageKey).HasMaxLength(512);
        builder.Property(a => a.Sha256).HasMaxLength(64);
        builder.HasIndex(a => a.StorageKey).IsUnique();
        builder.HasIndex(a => a.CaseId);
        builder.Property(a => a.PurgeReason).HasMaxLength(300);
        builder.HasIndex(a => a.UploadedAt).HasFilter("purged_at IS NULL");
        builder.HasOne<Case>().WithMany().HasForeignKey(a => a.CaseId).OnDelete(DeleteBehavior.Cascade);
        builder.HasIndex(a => a.FromArchiveId);
        builder.HasOne<Artifact>().WithMany().HasForeignKey(a => a.FromArchiveId).OnDelete(DeleteBehavior.SetNull);
        builder.HasOne<User>().WithMany().HasForeignKey(a => a.UploadedByUserId).OnDelete(DeleteBehavior.SetNull);
    }
}
