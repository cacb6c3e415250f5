using Crashdesk.Core.Domain;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Crashdesk.Core.Data.Configurations;

internal sealed class DebuginfodFetchConfiguration : IEntityTypeConfiguration<DebuginfodFetch>
{
    public void Configure(EntityTypeBuilder<DebuginfodFetch> builder)
    {
        builder.ToTable("debuginfod_fetches");
        builder.HasKey(f => f.Id);
        builder.Property(f => f.BuildId).HasMaxLength(128);
        builder.Property(f => f.Status).HasMaxLength(20)
            .HasConversion(s => s.ToString().ToLowerInvariant(), s => Enum.Parse<AnalysisJobStatus>(s, true));
        builder.Property(f => f.SourceUrl).HasMaxLength(1000);
        builder.Property(f => f.WorkerName).HasMaxLength(200);
        builder.Property(f => f.QueueJobId).HasMaxLength(100);
        // One memory per build-id and organisation: asking again resets this row (DebuginfodFetchRequests).
        builder.HasIndex(f => new { f.OrganizationId, f.BuildId }).IsUnique();
        builder.HasIndex(f => f.CaseId);
        builder.HasIndex(f => f.DebugKernelId);
        builder.HasOne<Organization>().WithMany().HasForeignKey(f => f.OrganizationId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne<Case>().WithMany().HasForeignKey(f => f.CaseId).OnDelete(DeleteBehavior.SetNull);
        builder.HasOne<DebugKernelEntry>().WithMany().HasForeignKey(f => f.DebugKernelId).OnDelete(DeleteBehavior.SetNull);
    }
}
