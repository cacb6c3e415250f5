namespace Crashdesk.Core.Domain;

/// <summary>queued → running → done | failed. Stored as lower-case text.</summary>
public enum AnalysisJobStatus
{
    Queued,
    Running,
    Done,
    Failed,
}

/// <summary>The lower-case names of <see cref="AnalysisJobStatus"/>: the stored text and the API's wire value.</summary>
public static class AnalysisJobStatusNames
{
    /// <summary>queued, running, done or failed.</summary>
    public static string Name(AnalysisJobStatus status) => status.ToString().ToLowerInvariant();
}
