namespace Crashdesk.Core.Domain;

/// <summary>
/// The unpacking of one uploaded archive (<see cref="QueuedWorkRow.ArtifactId"/>, of kind
/// <see cref="ArtifactKind.Archive"/>) into artifacts of its case (<see cref="Jobs.WorkTable.ArchiveUnpacks"/>),
/// with, at the end, what became of every member (<see cref="Result"/>: taken, refused with the reason, skipped).
/// </summary>
public sealed class ArchiveUnpack : QueuedWorkRow
{
    /// <summary>The members and what became of them, as JSON (<see cref="Archives.UnpackResult"/>); null until done.</summary>
    public string? Result { get; set; }
    public Guid? CreatedByUserId { get; set; }
}
