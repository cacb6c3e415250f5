using Crashdesk.Core.Domain;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Crashdesk.Core.Data.Configurations;

internal sealed class EnvironmentImportConfiguration : IEntityTypeConfiguration<EnvironmentImport>
{
    public void Configure(EntityTypeBuilder<EnvironmentImport> builder)
    {
        builder.ToTable("environment_imports");
        builder.HasKey(i => i.Id);
        builder.Property(i => i.Status).HasMaxLength(20)
            .HasConversion(s => s.ToString().ToLowerInvariant(), s => Enum.Parse<AnalysisJobStatus>(s, true));
        builder.Property(i => i.ProgressMessage).HasMaxLength(300);
        builder.Property(i => i.WorkerName).HasMaxLength(200);
        builder.Property(i => i.QueueJobId).HasMaxLength(100);
        builder.HasIndex(i => i.CaseId);
        builder.HasIndex(i => i.ArtifactId);
        builder.HasIndex(i => i.CreatedByUserId);
        builder.HasOne<Case>().WithMany().HasForeignKey(i => i.CaseId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne<Artifact>().WithMany().HasForeignKey(i => i.ArtifactId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne<User>().WithMany().HasForeignKey(i => i.CreatedByUserId).OnDelete(DeleteBehavior.SetNull);
    }
}
