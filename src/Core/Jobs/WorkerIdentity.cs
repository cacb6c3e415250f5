namespace Crashdesk.Core.Jobs;

/// <summary>This process as a worker: "host:pid", recorded on the rows it claims (and the lease's owner).</summary>
public sealed class WorkerIdentity
{
    public string Name { get; } = $"{Environment.MachineName}:{Environment.ProcessId}";
}
