using Crashdesk.Core.Domain;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Crashdesk.Core.Data.Configurations;

internal sealed class ConsoleCommandConfiguration : IEntityTypeConfiguration<ConsoleCommand>
{
    public void Configure(EntityTypeBuilder<ConsoleCommand> builder)
    {
        builder.ToTable("console_commands");
        builder.HasKey(c => c.Id);
        builder.Property(c => c.Kind).HasMaxLength(20)
            .HasConversion(k => k.ToString().ToLowerInvariant(), k => Enum.Parse<ConsoleCommandKind>(k, true));
        builder.Property(c => c.Line).HasMaxLength(1000);
        builder.Property(c => c.Status).HasMaxLength(20)
            .HasConversion(s => s.ToString().ToLowerInvariant(), s => Enum.Parse<ConsoleCommandStatus>(s, true));
        builder.Property(c => c.Links).HasColumnType("jsonb");
        builder.Property(c => c.WorkerName).HasMaxLength(200);
        builder.HasIndex(c => new { c.SessionId, c.CreatedAt });
        builder.HasIndex(c => c.CaseId);
        builder.HasIndex(c => c.UserId);
        builder.HasIndex(c => c.Status).HasFilter("status IN ('queued', 'running')");
        builder.HasOne<ConsoleSession>().WithMany().HasForeignKey(c => c.SessionId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne<Case>().WithMany().HasForeignKey(c => c.CaseId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne<User>().WithMany().HasForeignKey(c => c.UserId).OnDelete(DeleteBehavior.Cascade);
    }
}
