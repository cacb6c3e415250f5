using Crashdesk.Core.Domain;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Crashdesk.Core.Data.Configurations;

internal sealed class DebugKernelEntryConfiguration : IEntityTypeConfiguration<DebugKernelEntry>
{
    public void Configure(EntityTypeBuilder<DebugKernelEntry> builder)
    {
        builder.ToTable("debug_kernels");
        builder.HasKey(d => d.Id);
        builder.Property(d => d.FileName).HasMaxLength(255);
        builder.Property(d => d.StorageKey).HasMaxLength(512);
        builder.Property(d => d.Sha256).HasMaxLength(64);
        builder.Property(d => d.Status).HasMaxLength(20)
            .HasConversion(s => s.ToString().ToLowerInvariant(), s => Enum.Parse<DebugKernelStatus>(s, true));
        builder.Property(d => d.BuildId).HasMaxLength(128);
        builder.Property(d => d.Release).HasMaxLength(200);
        builder.Property(d => d.Banner).HasMaxLength(1000);
        builder.Property(d => d.ProfileKey).HasMaxLength(512);
        builder.Property(d => d.WorkerName).HasMaxLength(200);
        builder.Property(d => d.QueueJobId).HasMaxLength(100);
        builder.Property(d => d.Origin).HasMaxLength(1000);
        // One usable entry per build-id and organisation; duplicates and failures may repeat it.
        builder.HasIndex(d => new { d.OrganizationId, d.BuildId }).IsUnique().HasFilter("status = 'ready'");
        builder.HasIndex(d => new { d.OrganizationId, d.CreatedAt });
        builder.HasIndex(d => d.ArtifactId);
        builder.HasOne<Organization>().WithMany().HasForeignKey(d => d.OrganizationId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne<Artifact>().WithMany().HasForeignKey(d => d.ArtifactId).OnDelete(DeleteBehavior.SetNull);
        builder.HasOne<User>().WithMany().HasForeignKey(d => d.UploadedByUserId).OnDelete(DeleteBehavior.SetNull);
    }
}
