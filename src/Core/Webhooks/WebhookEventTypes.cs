namespace Crashdesk.Core.Webhooks;

/// <summary>The events an endpoint can subscribe to (an endpoint with none gets them all).</summary>
public static class WebhookEventTypes
{
    public const string CaseCreated = "case.created";
    public const string CaseUpdated = "case.updated";
    public const string CaseStatusChanged = "case.status_changed";
    public const string NoteAdded = "note.added";
    public const string AnalysisCompleted = "analysis.completed";
    public const string AnalysisFailed = "analysis.failed";
    public const string GroupKnownIssue = "group.known_issue";
    /// <summary>Sent only by the test ping, to the one endpoint pinged.</summary>
    public const string Ping = "webhook.ping";

    public static readonly IReadOnlyList<string> All =
        [CaseCreated, CaseUpdated, CaseStatusChanged, NoteAdded, AnalysisCompleted, AnalysisFailed, GroupKnownIssue];
}
