namespace Crashdesk.Core.Analyses.Engines;

/// <summary>
/// Runs the engine (<see cref="Analysis.Engine.ArtifactEngine"/>) on one stored artifact: in the worker's own
/// process (<see cref="InProcessEngine"/>) or in a child process of the NativeAOT CLI (<see cref="ChildProcessEngine"/>),
/// chosen by <see cref="Options.AnalysisEngineOptions"/>. Both read the dump through the same byte source and ask
/// the caller for the debug information once the dump's identity is known. Singleton.
/// </summary>
internal interface IAnalysisEngine
{
    /// <summary>For the start-up log: where analyses run.</summary>
    string Description { get; }

    /// <summary>Analyses <see cref="EngineRun.Source"/>; throws what the engine throws for bad input (permanent) or a failure to retry.</summary>
    Task<EngineOutcome> RunAsync(EngineRun run, CancellationToken cancellationToken);
}
