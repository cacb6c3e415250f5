namespace Crashdesk.Core.Domain;

/// <summary>
/// Where a note points in the report it was written against. <see cref="Position"/> is the place
/// then (log line number, <c>pid:frame</c>, PID, lock address); <see cref="Content"/> is what was
/// there (the line's text, the frame's function, the task's comm, the lock's name), which is what a
/// later report version is searched for: a re-analysis may renumber lines and frames.
/// </summary>
public sealed record NoteAnchor(NoteAnchorKind Kind, string Position, string Content, int ReportVersion);
