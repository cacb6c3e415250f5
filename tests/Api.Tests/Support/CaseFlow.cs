using System.Net;
using System.Net.Http.Json;
using Crashdesk.Api.Contracts;

namespace Crashdesk.Api.Tests.Support;

/// <summary>What many API tests do first: create a case, upload a file to it and wait for its analyses to end.</summary>
public static class CaseFlow
{
    public static async Task<Guid> CreateCaseAsync(HttpClient client, string title, string customer = "ACME")
    {
        using var created = await client.PostAsJsonAsync("/api/v1/cases", new CreateCaseRequest(title, customer, null, null));
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        return (await Json.ReadAsync<CaseDto>(created)).Id;
    }

    /// <summary>Uploads <paramref name="path"/> to the case as <paramref name="kind"/> (its analysis starts).</summary>
    public static async Task UploadAsync(HttpClient client, Guid caseId, string path, string kind)
    {
        await using var file = File.OpenRead(path);
        using var upload = await client.PutAsync($"/api/v1/cases/{caseId}/artifacts/{Path.GetFileName(path)}?kind={kind}", new StreamContent(file));
        Assert.Equal(HttpStatusCode.Created, upload.StatusCode);
    }

    /// <summary>A new case titled <paramref name="title"/> with <paramref name="path"/> uploaded to it; its analysis has started.</summary>
    public static async Task<Guid> CreateWithFileAsync(HttpClient client, string title, string path, string kind, string customer = "ACME")
    {
        var caseId = await CreateCaseAsync(client, title, customer);
        await UploadAsync(client, caseId, path, kind);
        return caseId;
    }

    /// <summary>Asks for a re-analysis of the case's newest file and waits until it has <paramref name="analyses"/> analyses, all done.</summary>
    public static async Task ReanalyseAsync(HttpClient client, Guid caseId, int analyses)
    {
        using (var again = await client.PostAsJsonAsync($"/api/v1/cases/{caseId}/analyses", new { }))
            Assert.True(again.IsSuccessStatusCode, await again.Content.ReadAsStringAsync());
        await WaitForAnalysesAsync(client, caseId, analyses, "the re-analysis");
    }

    /// <summary>Uploads <paramref name="path"/> as <paramref name="kind"/>, waits until the case's <paramref name="analyses"/> analyses are done, returns the newest report.</summary>
    public static async Task<ReportDto> UploadAndWaitAsync(HttpClient client, Guid caseId, string path, string kind, int analyses)
    {
        await UploadAsync(client, caseId, path, kind);
        await WaitForAnalysesAsync(client, caseId, analyses, path);
        using var response = await client.GetAsync($"/api/v1/cases/{caseId}/report");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await Json.ReadAsync<ReportDto>(response);
    }

    /// <summary>Waits (at most 3 minutes) until the case has <paramref name="analyses"/> analyses, all done; a failed one fails the test.</summary>
    public static async Task WaitForAnalysesAsync(HttpClient client, Guid caseId, int analyses, string what)
    {
        var deadline = DateTime.UtcNow.AddMinutes(3);
        while (true)
        {
            var details = await client.GetFromJsonAsync<CaseDto>($"/api/v1/cases/{caseId}", Json.Web);
            Assert.True(details!.Analyses.Count <= analyses, $"{what}: {details.Analyses.Count} analyses, expected {analyses}");
            if (details.Analyses.Count == analyses && details.Analyses.All(a => a.Status is "done" or "failed"))
            {
                var failed = details.Analyses.FirstOrDefault(a => a.Status == "failed");
                Assert.True(failed is null, $"analysis of {what} failed: {failed?.Error}");
                return;
            }
            Assert.True(DateTime.UtcNow < deadline, $"analysis of {what} not finished after 3 minutes");
            await Task.Delay(250);
        }
    }
}
