using Crashdesk.Analysis.Engine;

namespace Crashdesk.Core.Analyses.Engines;

/// <summary>
/// The engine in the worker's own process: what the CLI does, and the fallback when the engine binary is not
/// there. A crash of a native decompressor takes the worker with it; the first analysis after a start is JIT-bound.
/// </summary>
internal sealed class InProcessEngine : IAnalysisEngine
{
    /// <inheritdoc />
    public string Description => "in the worker's process";

    /// <inheritdoc />
    public async Task<EngineOutcome> RunAsync(EngineRun run, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(run);
        var created = DateTimeOffset.UtcNow;
        // The engine is synchronous and CPU-bound (opening indexes the dump): off the caller's thread.
        var engine = await Task.Run(() => ArtifactEngine.Start(run.Source, run.UploadedAsLog, run.Limits), cancellationToken);
        ResolvedProfile? resolved = null;
        if (engine.TakesDebugInfo)
        {
            using (engine.Timings!.Start("debug kernel"))
                resolved = await run.ResolveDebugInfo(engine.Identity!, cancellationToken);
        }
        var result = await Task.Run(() => engine.Finish(resolved?.Profile, cancellationToken), cancellationToken);
        return new EngineOutcome(result.Report, engine.IsLog, engine.IsExcerpt, result.BuildId, engine.Timings, created, result.BuiltProfile);
    }
}
