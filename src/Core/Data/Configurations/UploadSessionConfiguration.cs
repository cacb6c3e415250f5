using Crashdesk.Core.Domain;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Crashdesk.Core.Data.Configurations;

internal sealed class UploadSessionConfiguration : IEntityTypeConfiguration<UploadSession>
{
    public void Configure(EntityTypeBuilder<UploadSession> builder)
    {
        builder.ToTable("upload_sessions");
        builder.HasKey(s => s.Id);
        builder.Property(s => s.FileName).HasMaxLength(255);
        builder.Property(s => s.Kind).AsKindName("upload_sessions");
        builder.Property(s => s.ExpectedSha256).HasMaxLength(64);
        builder.Property(s => s.Status).HasMaxLength(20)
            .HasConversion(s => s.ToString().ToLowerInvariant(), s => Enum.Parse<UploadSessionStatus>(s, true));
        builder.Property(s => s.Error).HasMaxLength(1000);
        builder.Property(s => s.Revision).IsConcurrencyToken();
        builder.HasIndex(s => s.CaseId);
        builder.HasIndex(s => s.ExpiresAt);
        builder.HasOne<Organization>().WithMany().HasForeignKey(s => s.OrganizationId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne<Case>().WithMany().HasForeignKey(s => s.CaseId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne<User>().WithMany().HasForeignKey(s => s.CreatedByUserId).OnDelete(DeleteBehavior.SetNull);
    }
}
