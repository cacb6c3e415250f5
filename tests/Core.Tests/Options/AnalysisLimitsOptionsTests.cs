using System.Text;
using Crashdesk.Analysis;
using Crashdesk.Core.Analyses;
using Crashdesk.Core.Domain;
using Crashdesk.Core.Storage;
using Crashdesk.Core.Tests.Support;
using Microsoft.Extensions.Options;

namespace Crashdesk.Core.Tests.Options;

/// <summary>Analysis:Limits: the engine's caps bound from configuration, checked at start, and used by the service's analyses.</summary>
public sealed class AnalysisLimitsOptionsTests
{
    [Fact]
    public async Task A_configured_cap_reaches_the_analysis()
    {
        await using var db = await TestDatabase.CreateAsync();
        await using var host = CoreHost.Create(db, new Dictionary<string, string?> { ["Analysis:Limits:MaxLogFileBytes"] = "4096" });
        Assert.Equal(4096, host.Get<IOptions<AnalysisLimits>>().Value.MaxLogFileBytes);
        // The others keep the engine's defaults.
        Assert.Equal(AnalysisLimits.Default.MaxTasks, host.Get<IOptions<AnalysisLimits>>().Value.MaxTasks);

        var log = Encoding.ASCII.GetBytes(string.Concat(Enumerable.Range(0, 2000).Select(i => $"[{i,5}.000000] line {i} of a console log\n")));
        var store = host.Get<IBlobStore>();
        const string key = "artifacts/limits-test/console.txt";
        await store.WriteAsync(key, new MemoryStream(log), long.MaxValue);
        var result = await host.Get<IArtifactAnalyzer>().AnalyzeAsync(
            new ArtifactAnalysisRequest(Guid.NewGuid(), Guid.NewGuid(), "console.txt", ArtifactKind.ConsoleLog, key), CancellationToken.None);

        Assert.True(result.IsLog);
        Assert.Equal(log.Length, result.Report.Log!.Bytes);
        Assert.True(result.Report.Log.Truncated);
        Assert.InRange(result.Report.Log.BytesRead, 1, 4096);
    }

    [Theory]
    [InlineData("MaxTasks", "0")]
    [InlineData("PageCacheEntries", "-1")]
    [InlineData("MaxBitmapBytes", "0")]
    public async Task A_cap_that_is_not_positive_stops_the_start(string name, string value)
    {
        await using var db = await TestDatabase.CreateAsync();
        await using var host = CoreHost.Create(db, new Dictionary<string, string?> { [$"Analysis:Limits:{name}"] = value });
        var error = Assert.Throws<OptionsValidationException>(() => host.Get<IOptions<AnalysisLimits>>().Value);
        Assert.Contains($"Analysis:Limits:{name} must be positive (is {value})", error.Message);
    }
}
