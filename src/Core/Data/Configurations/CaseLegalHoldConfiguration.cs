using Crashdesk.Core.Domain;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Crashdesk.Core.Data.Configurations;

internal sealed class CaseLegalHoldConfiguration : IEntityTypeConfiguration<CaseLegalHold>
{
    public void Configure(EntityTypeBuilder<CaseLegalHold> builder)
    {
        builder.ToTable("case_legal_holds");
        builder.HasKey(h => h.CaseId);
        builder.Property(h => h.PlacedByName).HasMaxLength(200);
        builder.Property(h => h.Reason).HasMaxLength(500);
        builder.HasIndex(h => h.PlacedByUserId);
        builder.HasOne<Case>().WithOne().HasForeignKey<CaseLegalHold>(h => h.CaseId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne<User>().WithMany().HasForeignKey(h => h.PlacedByUserId).OnDelete(DeleteBehavior.SetNull);
    }
}
