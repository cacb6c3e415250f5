using Crashdesk.Core.Domain;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Crashdesk.Core.Data.Configurations;

internal sealed class NoteConfiguration : IEntityTypeConfiguration<Note>
{
    public void Configure(EntityTypeBuilder<Note> builder)
    {
        builder.ToTable("notes");
        builder.HasKey(n => n.Id);
        builder.Ignore(n => n.Anchor);
        builder.Property(n => n.AuthorName).HasMaxLength(200);
        builder.Property(n => n.AnchorKind).HasMaxLength(20)
            .HasConversion(k => NoteAnchors.Name(k!.Value), k => NoteAnchors.Parse(k));
        builder.Property(n => n.Visibility).HasMaxLength(20)
            .HasConversion(v => v == NoteVisibility.Customer ? "customer" : "internal", v => v == "customer" ? NoteVisibility.Customer : NoteVisibility.Internal);
        builder.Property(n => n.AnchorPosition).HasMaxLength(100);
        builder.Property(n => n.AnchorContent).HasMaxLength(1000);
        builder.HasIndex(n => n.CaseId);
        builder.HasOne<Case>().WithMany().HasForeignKey(n => n.CaseId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne<User>().WithMany().HasForeignKey(n => n.AuthorUserId).OnDelete(DeleteBehavior.SetNull);
        builder.HasOne<User>().WithMany().HasForeignKey(n => n.DeletedByUserId).OnDelete(DeleteBehavior.SetNull);
    }
}
