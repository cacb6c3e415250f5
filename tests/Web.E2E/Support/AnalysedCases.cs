using Crashdesk.Core.Domain;

namespace Crashdesk.Web.E2E.Support;

/// <summary>A case holding one fixture dump whose analysis is done, made the way most page tests start.</summary>
public static class AnalysedCases
{
    /// <summary>Creates the case through the form, stores the dump and waits on the case page until its analysis is done.</summary>
    public static async Task<Guid> CreateAnalysedCaseAsync(this CrashdeskUi ui, CrashdeskApp app, DumpFixture dump, string title, string ticket, string description)
    {
        Guid caseId = await ui.CreateCaseAsync(title, "Example Corp", ticket, description);
        // Past the browser upload limit of this test server: through Core's artifact service.
        await app.UploadArtifactAsync(caseId, dump.DumpPath, dump.FileName, ArtifactKind.Vmcore);
        string status = await ui.WaitForAnalysisEndAsync(TimeSpan.FromMinutes(3));
        Assert.True(status == "done", $"the analysis ended {status}\nserver output:\n{app.Server.RecentOutput}");
        return caseId;
    }
}
