using Crashdesk.Core.Domain;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Crashdesk.Core.Data.Configurations;

internal sealed class OrganizationDataPolicyConfiguration : IEntityTypeConfiguration<OrganizationDataPolicy>
{
    public void Configure(EntityTypeBuilder<OrganizationDataPolicy> builder)
    {
        builder.ToTable("organization_data_policies");
        builder.HasKey(p => p.OrganizationId);
        builder.HasIndex(p => p.UpdatedByUserId);
        builder.HasOne<Organization>().WithOne().HasForeignKey<OrganizationDataPolicy>(p => p.OrganizationId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne<User>().WithMany().HasForeignKey(p => p.UpdatedByUserId).OnDelete(DeleteBehavior.SetNull);
    }
}
