using Crashdesk.Core.Options;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Crashdesk.Core.Analyses.Engines;

/// <summary>
/// Says at a worker's start where its analyses run, and warns when Analysis:Engine:Mode is Auto and the engine
/// binary is missing (the analyses then run in the worker's process: no crash isolation, JIT-bound first analysis).
/// </summary>
internal sealed class AnalysisEngineAnnouncement(IAnalysisEngine engine, IOptions<AnalysisEngineOptions> options, ILogger<AnalysisEngineAnnouncement> logger) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        var o = options.Value;
        if (o.Mode == AnalysisEngineMode.Auto && engine is InProcessEngine)
            logger.LogWarning("The engine binary {Path} is missing: analyses run in the worker's process, without crash isolation " +
                "(publish it with `dotnet publish src/Cli -c Release -r linux-x64` and set Analysis:Engine:Path, or set Analysis:Engine:Mode=InProcess to silence this)", o.ResolvedPath);
        else
            logger.LogInformation("Analyses run {Engine}", engine.Description);
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
