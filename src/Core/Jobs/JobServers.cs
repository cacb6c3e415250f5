using Crashdesk.Core.Options;
using Hangfire;
using Hangfire.Common;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace Crashdesk.Core.Jobs;

/// <summary>
/// The Hangfire servers of a process that executes jobs: one per queue with its own worker count
/// (<c>Worker:Queues</c>), so a burst of analyses never starves the profile builds. Stopping sends
/// every server the stop signal first (running jobs see their cancellation token and hand their
/// rows back), then waits for them.
/// </summary>
internal sealed class JobServers(
    JobStorage storage,
    JobActivator activator,
    IJobFilterProvider filters,
    WorkerIdentity worker,
    IOptions<WorkerOptions> options) : IHostedService
{
    private List<BackgroundJobServer> _servers = [];

    public Task StartAsync(CancellationToken cancellationToken)
    {
        foreach (var (queue, count) in options.Value.Queues)
        {
            if (count <= 0)
                continue;
            _servers.Add(new BackgroundJobServer(new BackgroundJobServerOptions
            {
                ServerName = $"{worker.Name}/{queue}",
                Queues = [queue],
                WorkerCount = count,
                SchedulePollingInterval = TimeSpan.FromSeconds(1),
                Activator = activator,
                FilterProvider = filters,
            }, storage));
        }
        return Task.CompletedTask;
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        // A host may stop twice (a test factory's dispose after the host's own stop): the first takes the servers.
        var servers = Interlocked.Exchange(ref _servers, []);
        foreach (var server in servers)
            server.SendStop();
        foreach (var server in servers)
        {
            await server.WaitForShutdownAsync(cancellationToken);
            server.Dispose();
        }
    }
}
