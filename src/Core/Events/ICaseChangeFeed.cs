namespace Crashdesk.Core.Events;

/// <summary>
/// Tells a page that a case changed (an analysis moved on, a report arrived, someone edited it or
/// added a note), whichever process made the change.
/// </summary>
public interface ICaseChangeFeed
{
    /// <summary>Calls <paramref name="onChanged"/> after each change of the case until the subscription is disposed.</summary>
    IDisposable Subscribe(Guid caseId, Func<Task> onChanged);
}
