using Crashdesk.Core.Domain;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Crashdesk.Core.Data.Configurations;

internal sealed class ReportConfiguration : IEntityTypeConfiguration<Report>
{
    public void Configure(EntityTypeBuilder<Report> builder)
    {
        builder.ToTable("reports");
        builder.HasKey(r => r.Id);
        builder.Property(r => r.Content).HasColumnType("jsonb");
        builder.Property(r => r.PanicLine).HasMaxLength(1000);
        builder.Property(r => r.BuildId).HasMaxLength(128);
        builder.Property(r => r.DebugKernel).HasColumnType("jsonb");
        builder.HasIndex(r => r.BuildId);
        builder.HasOne<DebugKernelEntry>().WithMany().HasForeignKey(r => r.UsedDebugKernelId).OnDelete(DeleteBehavior.SetNull);
        // Versions are dense per case; the unique index also makes a racing double insert fail.
        builder.HasIndex(r => new { r.CaseId, r.Version }).IsUnique();
        builder.HasIndex(r => r.AnalysisJobId).IsUnique();
        builder.HasOne<Case>().WithMany().HasForeignKey(r => r.CaseId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne<AnalysisJob>().WithMany().HasForeignKey(r => r.AnalysisJobId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne<Artifact>().WithMany().HasForeignKey(r => r.ArtifactId).OnDelete(DeleteBehavior.Cascade);
    }
}
