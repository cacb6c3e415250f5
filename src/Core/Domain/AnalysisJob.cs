namespace Crashdesk.Core.Domain;

/// <summary>One analysis of one artifact (a dump or a console log): its report becomes the case's next version.</summary>
public sealed class AnalysisJob : QueuedWorkRow
{
    /// <summary>Why it ran, for people: the upload, who asked for a re-analysis, which debug kernel became ready.</summary>
    public string? Reason { get; set; }
}
