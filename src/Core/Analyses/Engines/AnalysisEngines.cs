using Crashdesk.Core.Options;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Crashdesk.Core.Analyses.Engines;

/// <summary>Chooses the <see cref="IAnalysisEngine"/> of <see cref="AnalysisEngineOptions.Mode"/>.</summary>
internal static class AnalysisEngines
{
    /// <summary>The engine for the service provider's options (the DI factory).</summary>
    public static IAnalysisEngine Create(IServiceProvider services)
    {
        var options = services.GetRequiredService<IOptions<AnalysisEngineOptions>>().Value;
        return UsesChildProcess(options)
            ? ActivatorUtilities.CreateInstance<ChildProcessEngine>(services, options)
            : new InProcessEngine();
    }

    /// <summary>True when analyses run in a child process: configured so, or Auto with the engine binary present.</summary>
    public static bool UsesChildProcess(AnalysisEngineOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return options.Mode switch
        {
            AnalysisEngineMode.ChildProcess => true,
            AnalysisEngineMode.InProcess => false,
            _ => File.Exists(options.ResolvedPath),
        };
    }
}
