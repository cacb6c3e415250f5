using Crashdesk.Core.Domain;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Crashdesk.Core.Data.Configurations;

internal sealed class EnvironmentImportConfiguration : IEntityTypeConfiguration<EnvironmentImport>
{
    public void Configure(EntityTypeBuilder<EnvironmentImport> builder)
    {
        builder.MapQueuedWork("environment_imports");
        builder.HasIndex(i => i.ArtifactId);
        builder.HasIndex(i => i.CreatedByUserId);
        builder.HasOne<User>().WithMany().HasForeignKey(i => i.CreatedByUserId).OnDelete(DeleteBehavior.SetNull);
    }
}
