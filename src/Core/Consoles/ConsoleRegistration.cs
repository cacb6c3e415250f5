using Crashdesk.Analysis.Shell;
using Crashdesk.Analysis.Shell.Commands;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Crashdesk.Core.Consoles;

/// <summary>The worker's side of the console: the loop that runs commands and the dumps it holds open.</summary>
public static class ConsoleRegistration
{
    /// <summary>Makes this process run console commands (<see cref="ConsoleHost"/>) with crash's command set.</summary>
    public static IServiceCollection AddCrashdeskConsoleWorker(this IServiceCollection services)
    {
        services.TryAddSingleton<ShellCommandSet>(ConsoleCommandSet.Crash);
        services.AddSingleton<ConsoleShells>();
        services.AddScoped<ConsoleClaims>();
        services.AddScoped<ConsoleCommandRunner>();
        services.AddHostedService<ConsoleHost>();
        return services;
    }
}
