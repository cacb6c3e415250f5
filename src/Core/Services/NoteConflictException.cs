namespace Crashdesk.Core.Services;

/// <summary>An edit named a note revision that is no longer current (API: 409).</summary>
public sealed class NoteConflictException(int currentRevision)
    : Exception("The note was edited by someone else meanwhile; reload it and make your change again.")
{
    public int CurrentRevision { get; } = currentRevision;
}
