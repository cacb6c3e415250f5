namespace Crashdesk.Core.Domain;

/// <summary>queued → running → done | failed. Stored as lower-case text.</summary>
public enum AnalysisJobStatus
{
    Queued,
    Running,
    Done,
    Failed,
}
