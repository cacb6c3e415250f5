using Crashdesk.Core.Options;
using Crashdesk.Core.Services;
using Microsoft.Extensions.Options;

namespace Crashdesk.Api.Hosting;

/// <summary>
/// On the first start (no user yet) creates the administrator and an API key and prints them ONCE
/// to the process' standard output — the terminal of ./run.sh — deliberately not through ILogger,
/// so no log sink ever receives them; when that output is redirected (a log) they go to a 0600
/// file instead and only its path is printed (<see cref="FirstStartCredentialsOutput"/>).
/// </summary>
internal sealed class FirstStartBootstrapper(IServiceScopeFactory scopes, IOptions<BootstrapOptions> options) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        if (!options.Value.Enabled)
            return;
        await using var scope = scopes.CreateAsyncScope();
        var credentials = await scope.ServiceProvider.GetRequiredService<IBootstrapService>().EnsureAdminAsync(cancellationToken);
        if (credentials is null)
            return;
        // Redirected: standard output is a pipe or a file (a log), not a terminal a person reads.
        await FirstStartCredentialsOutput.DeliverAsync(credentials, Console.Out, !Console.IsOutputRedirected,
            options.Value.CredentialsFile, cancellationToken);
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
