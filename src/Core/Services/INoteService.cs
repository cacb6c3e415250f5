namespace Crashdesk.Core.Services;

/// <summary>
/// Notes on the caller's organisation's cases. Every add, edit and delete is a timeline row. A case
/// or note of another organisation is "not found" (null/false), never "forbidden".
/// </summary>
public interface INoteService
{
    /// <summary>
    /// The case's notes, oldest first, with anchors placed in the newest report; deleted ones only
    /// when asked. Null: no such case. <paramref name="newestReport"/>: the newest report when the
    /// caller has it already (a page showing it), so it is not read again.
    /// </summary>
    Task<IReadOnlyList<NoteView>?> ListAsync(Caller caller, Guid caseId, bool includeDeleted = false, ReportView? newestReport = null,
        CancellationToken cancellationToken = default);

    /// <summary>Adds a note; throws <see cref="ValidationException"/> on an empty/too long body or an anchor the newest report has no place for. Null: no such case.</summary>
    Task<NoteView?> AddAsync(Caller caller, Guid caseId, NewNote note, CancellationToken cancellationToken = default);

    /// <summary>
    /// Replaces the note's body (the old one is kept as a revision). Throws <see cref="NoteConflictException"/>
    /// when <paramref name="expectedRevision"/> is not the note's revision. Null: no such note (or it was deleted).
    /// </summary>
    Task<NoteView?> EditAsync(Caller caller, Guid caseId, Guid noteId, int expectedRevision, string body, CancellationToken cancellationToken = default);

    /// <summary>Soft-deletes the note; false when there is no such note (or it was already deleted).</summary>
    Task<bool> DeleteAsync(Caller caller, Guid caseId, Guid noteId, CancellationToken cancellationToken = default);

    /// <summary>The note's earlier bodies, oldest first; null: no such note.</summary>
    Task<IReadOnlyList<NoteRevisionView>?> RevisionsAsync(Caller caller, Guid caseId, Guid noteId, CancellationToken cancellationToken = default);
}
