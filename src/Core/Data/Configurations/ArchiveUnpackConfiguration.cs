using Crashdesk.Core.Domain;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Crashdesk.Core.Data.Configurations;

internal sealed class ArchiveUnpackConfiguration : IEntityTypeConfiguration<ArchiveUnpack>
{
    public void Configure(EntityTypeBuilder<ArchiveUnpack> builder)
    {
        builder.ToTable("archive_unpacks");
        builder.HasKey(u => u.Id);
        builder.Property(u => u.Status).HasMaxLength(20)
            .HasConversion(s => s.ToString().ToLowerInvariant(), s => Enum.Parse<AnalysisJobStatus>(s, true));
        builder.Property(u => u.ProgressMessage).HasMaxLength(300);
        builder.Property(u => u.WorkerName).HasMaxLength(200);
        builder.Property(u => u.QueueJobId).HasMaxLength(100);
        builder.Property(u => u.Result).HasColumnType("jsonb");
        builder.HasIndex(u => u.CaseId);
        builder.HasIndex(u => u.ArtifactId);
        builder.HasIndex(u => u.CreatedByUserId);
        builder.HasOne<Case>().WithMany().HasForeignKey(u => u.CaseId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne<Artifact>().WithMany().HasForeignKey(u => u.ArtifactId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne<User>().WithMany().HasForeignKey(u => u.CreatedByUserId).OnDelete(DeleteBehavior.SetNull);
    }
}
