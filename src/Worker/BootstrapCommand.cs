using Crashdesk.Core.Services;

namespace Crashdesk.Worker;

/// <summary>
/// `Crashdesk.Worker bootstrap`: on an installation without users, creates the administrator and an
/// API key and prints them once to standard output (the operator's terminal), never to a logger.
/// </summary>
internal static class BootstrapCommand
{
    public static async Task<int> RunAsync(IHost host)
    {
        await using var scope = host.Services.CreateAsyncScope();
        var credentials = await scope.ServiceProvider.GetRequiredService<IBootstrapService>().EnsureAdminAsync();
        if (credentials is null)
        {
            await Console.Out.WriteLineAsync("bootstrap: users exist already; nothing created");
            return 0;
        }
        await Console.Out.WriteLineAsync($"""
            Crashdesk administrator created (shown once):
              e-mail:   {credentials.Email}
              password: {credentials.Password}
              API key:  {credentials.ApiKey}   (header X-Api-Key)
            """);
        return 0;
    }
}
