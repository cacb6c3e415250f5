using Crashdesk.Core.Domain;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Crashdesk.Core.Data.Configurations;

internal sealed class CustomerEnvironmentConfiguration : IEntityTypeConfiguration<CustomerEnvironment>
{
    public void Configure(EntityTypeBuilder<CustomerEnvironment> builder)
    {
        builder.ToTable("environments");
        builder.HasKey(e => e.Id);
        builder.Property(e => e.Name).HasMaxLength(CustomerEnvironment.NameMax);
        builder.Property(e => e.NormalizedName).HasMaxLength(CustomerEnvironment.NameMax);
        builder.Property(e => e.Description).HasMaxLength(CustomerEnvironment.DescriptionMax);
        builder.HasIndex(e => new { e.OrganizationId, e.NormalizedName }).IsUnique();
        builder.HasOne<Organization>().WithMany().HasForeignKey(e => e.OrganizationId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne<User>().WithMany().HasForeignKey(e => e.CreatedByUserId).OnDelete(DeleteBehavior.SetNull);
    }
}
