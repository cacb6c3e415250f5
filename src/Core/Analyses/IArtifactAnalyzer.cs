namespace Crashdesk.Core.Analyses;

/// <summary>
/// "Analyse one artifact": reads it from the object store by ranges, picks the engine entry (console
/// log or dump), resolves the organisation's debug kernel for a dump, runs the engine. Scoped (it
/// reads the library through the scope's DbContext). Throws what the engine throws for bad input
/// (<see cref="Jobs.JobFailures.IsPermanent"/>), with messages naming the uploaded file.
/// </summary>
public interface IArtifactAnalyzer
{
    Task<ArtifactAnalysisResult> AnalyzeAsync(ArtifactAnalysisRequest request, CancellationToken cancellationToken);
}
