using Crashdesk.Core.Domain;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Crashdesk.Core.Data.Configurations;

internal sealed class KnownIssueConfiguration : IEntityTypeConfiguration<KnownIssue>
{
    public void Configure(EntityTypeBuilder<KnownIssue> builder)
    {
        builder.ToTable("known_issues");
        builder.HasKey(k => k.Id);
        builder.Property(k => k.Title).HasMaxLength(KnownIssue.TitleMax);
        builder.Property(k => k.Version).IsConcurrencyToken();
        // One known issue per group: marking a group known twice edits the one.
        builder.HasIndex(k => k.GroupId).IsUnique();
        builder.HasIndex(k => new { k.OrganizationId, k.UpdatedAt });
        builder.HasOne<Organization>().WithMany().HasForeignKey(k => k.OrganizationId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne<CrashGroup>().WithMany().HasForeignKey(k => k.GroupId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne<User>().WithMany().HasForeignKey(k => k.CreatedByUserId).OnDelete(DeleteBehavior.SetNull);
        builder.HasOne<User>().WithMany().HasForeignKey(k => k.UpdatedByUserId).OnDelete(DeleteBehavior.SetNull);
    }
}
