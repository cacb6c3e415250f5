using Crashdesk.Core.Services;

namespace Crashdesk.Api.Hosting;

/// <summary>
/// On the first start (no user yet) creates the administrator and an API key and prints them ONCE
/// to the process' standard output — the terminal of ./run.sh — deliberately not through ILogger,
/// so no log sink ever receives them.
/// </summary>
internal sealed class FirstStartBootstrapper(IServiceScopeFactory scopes, IConfiguration configuration) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        if (!configuration.GetValue("Bootstrap:Enabled", true))
            return;
        await using var scope = scopes.CreateAsyncScope();
        var credentials = await scope.ServiceProvider.GetRequiredService<IBootstrapService>().EnsureAdminAsync(cancellationToken);
        if (credentials is null)
            return;
        var text = $"""

            ================================================================================
             Crashdesk first start: an administrator and an API key were created.
             They are shown only this once; store them now.

               e-mail:   {credentials.Email}
               password: {credentials.Password}
               API key:  {credentials.ApiKey}     (send as header X-Api-Key)
            ================================================================================

            """;
        await Console.Out.WriteAsync(text);
        await Console.Out.FlushAsync(cancellationToken);
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
