namespace Crashdesk.Core.Analyses.Engines;

/// <summary>
/// The engine process reported a failure that is not a verdict on the dump (a read that failed, a bug of the
/// engine): retried like the same exception in the worker's own process would be.
/// </summary>
public sealed class EngineReportedException(string kind, string message) : Exception(message)
{
    /// <summary>The engine's failure kind (<see cref="Analysis.Engine.EngineFailureKinds"/>).</summary>
    public string Kind { get; } = kind;
}
