using Crashdesk.Core.Domain;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Crashdesk.Core.Data.Configurations;

internal sealed class CrashGroupConfiguration : IEntityTypeConfiguration<CrashGroup>
{
    public void Configure(EntityTypeBuilder<CrashGroup> builder)
    {
        builder.ToTable("crash_groups");
        builder.HasKey(g => g.Id);
        builder.Property(g => g.Signature).HasMaxLength(64);
        builder.Property(g => g.Title).HasMaxLength(CrashGroup.TitleMax);
        builder.Property(g => g.CrashClass).HasMaxLength(100);
        builder.Property(g => g.GuiltyFrame).HasMaxLength(300);
        // The database keeps these (triggers on cases): EF never writes them.
        foreach (var counter in new[] { nameof(CrashGroup.CaseCount), nameof(CrashGroup.FirstSeen), nameof(CrashGroup.LastSeen) })
        {
            var property = builder.Property(counter).Metadata;
            property.SetBeforeSaveBehavior(PropertySaveBehavior.Ignore);
            property.SetAfterSaveBehavior(PropertySaveBehavior.Ignore);
        }
        builder.Property(g => g.CaseCount).HasDefaultValue(0);
        builder.HasIndex(g => new { g.OrganizationId, g.Signature }).IsUnique().HasFilter("signature IS NOT NULL");
        builder.HasOne<Organization>().WithMany().HasForeignKey(g => g.OrganizationId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne<CrashGroup>().WithMany().HasForeignKey(g => g.MergedIntoId).OnDelete(DeleteBehavior.SetNull);
        builder.HasOne<User>().WithMany().HasForeignKey(g => g.CreatedByUserId).OnDelete(DeleteBehavior.SetNull);
    }
}
