namespace Crashdesk.Core.Jobs;

/// <summary>The Hangfire queues, named by the work on them; worker counts per queue come from <c>Worker:Queues</c>.</summary>
public static class JobQueues
{
    public const string Analysis = "analysis";
    public const string DebugKernels = "debug-kernels";
    public const string Webhooks = "webhooks";
    public const string Maintenance = "maintenance";

    public static readonly IReadOnlyList<string> All = [Analysis, DebugKernels, Webhooks, Maintenance];
}
