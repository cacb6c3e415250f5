using Crashdesk.Core.Domain;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Crashdesk.Core.Data.Configurations;

internal sealed class ArchiveUnpackConfiguration : IEntityTypeConfiguration<ArchiveUnpack>
{
    public void Configure(EntityTypeBuilder<ArchiveUnpack> builder)
    {
        builder.MapQueuedWork("archive_unpacks");
        builder.Property(u => u.Result).HasColumnType("jsonb");
        builder.HasIndex(u => u.ArtifactId);
        builder.HasIndex(u => u.CreatedByUserId);
        builder.HasOne<User>().WithMany().HasForeignKey(u => u.CreatedByUserId).OnDelete(DeleteBehavior.SetNull);
    }
}
