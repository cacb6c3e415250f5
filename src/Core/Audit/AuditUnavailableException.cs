namespace Crashdesk.Core.Audit;

/// <summary>
/// The audit row could not be written. A read that must be recorded (a download, a report, an export) is
/// then not served: the API answers 503, the UI shows nothing of it.
/// </summary>
public sealed class AuditUnavailableException(string action, Exception inner)
    : Exception($"the audit log could not record {action}", inner)
{
    public string Action { get; } = action;
}
