using Crashdesk.Core.Domain;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Crashdesk.Core.Data.Configurations;

internal sealed class AnalysisJobConfiguration : IEntityTypeConfiguration<AnalysisJob>
{
    public void Configure(EntityTypeBuilder<AnalysisJob> builder)
    {
        builder.ToTable("analysis_jobs");
        builder.HasKey(j => j.Id);
        builder.Property(j => j.Status).HasMaxLength(20)
            .HasConversion(s => s.ToString().ToLowerInvariant(), s => Enum.Parse<AnalysisJobStatus>(s, true));
        builder.Property(j => j.ProgressMessage).HasMaxLength(300);
        builder.Property(j => j.WorkerName).HasMaxLength(200);
        builder.Property(j => j.QueueJobId).HasMaxLength(100);
        builder.Property(j => j.Reason).HasMaxLength(300);
        builder.HasIndex(j => j.CaseId);
        // The case list shows each case's newest analysis.
        builder.HasIndex(j => new { j.CaseId, j.CreatedAt });
        // The dashboard: what waits or runs, what finished (failed) lately.
        builder.HasIndex(j => new { j.Status, j.FinishedAt });
        builder.HasOne<Case>().WithMany().HasForeignKey(j => j.CaseId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne<Artifact>().WithMany().HasForeignKey(j => j.ArtifactId).OnDelete(DeleteBehavior.Cascade);
    }
}
