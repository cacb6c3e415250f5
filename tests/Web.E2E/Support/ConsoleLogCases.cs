using Crashdesk.Core.Domain;
using Crashdesk.Core.Services;
using Microsoft.Extensions.DependencyInjection;

namespace Crashdesk.Web.E2E.Support;

/// <summary>Cases seeded through Core's services with a fixture console log (analysed in seconds), and waiting for their analyses.</summary>
public static class ConsoleLogCases
{
    /// <summary>A fixture console log under fixtures/logs, e.g. ("mini-6.1-lockdep", "warn").</summary>
    public static string Log(string kernel, string scenario) => Path.Combine(FixtureFiles.Root, "logs", kernel, $"{scenario}.console.txt");

    /// <summary>Creates a case and uploads <paramref name="log"/> to it as a console log (its analysis is queued).</summary>
    public static async Task<Guid> CreateAsync(CrashdeskApp app, string title, string customer, string log)
    {
        var id = await app.AsEngineerAsync(async (services, caller) =>
            (await services.GetRequiredService<ICaseService>().CreateAsync(caller, new NewCase(title, customer, null, null))).Id);
        await app.UploadArtifactAsync(id, log, Path.GetFileName(log), ArtifactKind.ConsoleLog);
        return id;
    }

    /// <summary>Waits (at most 3 minutes) until the case has <paramref name="analyses"/> analyses, all done; a failed one fails the test.</summary>
    public static Task<CaseDetails> WaitForAnalysesAsync(CrashdeskApp app, Guid caseId, int analyses) =>
        app.AsEngineerAsync(async (services, caller) =>
        {
            var cases = services.GetRequiredService<ICaseService>();
            var deadline = DateTime.UtcNow.AddMinutes(3);
            while (true)
            {
                var details = await cases.GetAsync(caller, caseId) ?? throw new InvalidOperationException($"no case {caseId}");
                if (details.Analyses.Count >= analyses && details.Analyses.All(a => a.Status is AnalysisJobStatus.Done or AnalysisJobStatus.Failed))
                {
                    var failed = details.Analyses.FirstOrDefault(a => a.Status == AnalysisJobStatus.Failed);
                    Assert.True(failed is null, $"an analysis of case {caseId} failed: {failed?.Error}\nserver output:\n{app.Server.RecentOutput}");
                    // Read once more: the case row and its analyses are separate queries, so the read that saw the
                    // jobs done may have read the case (its crash group) just before the job's commit set it.
                    return await cases.GetAsync(caller, caseId) ?? throw new InvalidOperationException($"no case {caseId}");
                }
                Assert.True(DateTime.UtcNow < deadline, $"case {caseId}: {analyses} analyses not done after 3 minutes");
                await Task.Delay(250);
            }
        });
}
