using Crashdesk.Core.Domain;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Crashdesk.Core.Data.Configurations;

/// <summary>The columns every <see cref="QueuedWorkRow"/> table shares, mapped once.</summary>
internal static class QueuedWorkRowMapping
{
    public static EntityTypeBuilder<T> MapQueuedWork<T>(this EntityTypeBuilder<T> builder, string table) where T : QueuedWorkRow
    {
        builder.ToTable(table);
        builder.HasKey(w => w.Id);
        builder.Property(w => w.Status).HasMaxLength(20)
            .HasConversion(s => s.ToString().ToLowerInvariant(), s => Enum.Parse<AnalysisJobStatus>(s, true));
        builder.Property(w => w.ProgressMessage).HasMaxLength(300);
        builder.Property(w => w.WorkerName).HasMaxLength(200);
        builder.Property(w => w.QueueJobId).HasMaxLength(100);
        builder.HasIndex(w => w.CaseId);
        builder.HasOne<Case>().WithMany().HasForeignKey(w => w.CaseId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne<Artifact>().WithMany().HasForeignKey(w => w.ArtifactId).OnDelete(DeleteBehavior.Cascade);
        return builder;
    }
}
