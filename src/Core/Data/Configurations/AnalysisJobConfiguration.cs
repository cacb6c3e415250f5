using Crashdesk.Core.Domain;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Crashdesk.Core.Data.Configurations;

internal sealed class AnalysisJobConfiguration : IEntityTypeConfiguration<AnalysisJob>
{
    public void Configure(EntityTypeBuilder<AnalysisJob> builder)
    {
        builder.MapQueuedWork("analysis_jobs");
        builder.Property(j => j.Reason).HasMaxLength(300);
        // The case list shows each case's newest analysis.
        builder.HasIndex(j => new { j.CaseId, j.CreatedAt });
        // The dashboard: what waits or runs, what finished (failed) lately.
        builder.HasIndex(j => new { j.Status, j.FinishedAt });
    }
}
