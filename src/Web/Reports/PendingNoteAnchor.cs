namespace Crashdesk.Web.Reports;

/// <summary>A place in the report a new note will be anchored to: kind and position as the note API takes them, and a label for people.</summary>
public sealed record PendingNoteAnchor(string Kind, string Position, string Label);
