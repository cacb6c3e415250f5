namespace Crashdesk.Core.Services;

/// <summary>
/// An edit named a revision of the case that is no longer current: someone else changed it first.
/// Carries who and when, for "changed by X, reload" (API: 409).
/// </summary>
public sealed class CaseConflictException(int currentRevision, string? changedBy, DateTimeOffset changedAt)
    : Exception($"The case was changed by {changedBy ?? "someone else"} at {changedAt:yyyy-MM-dd HH:mm:ss} UTC; reload it and make your change again.")
{
    public int CurrentRevision { get; } = currentRevision;
    public string? ChangedBy { get; } = changedBy;
    public DateTimeOffset ChangedAt { get; } = changedAt;
}
