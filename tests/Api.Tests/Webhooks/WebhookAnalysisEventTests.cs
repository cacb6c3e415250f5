using System.Net;
using System.Net.Http.Json;
using Crashdesk.Api.Tests.Support;
using Crashdesk.Core.Auth;
using Crashdesk.Core.Webhooks;

namespace Crashdesk.Api.Tests.Webhooks;

/// <summary>The events of analyses and groups: analysis.failed with the file and error, group.known_issue marked and unmarked.</summary>
public sealed class WebhookAnalysisEventTests
{
    [Fact]
    public async Task Failed_analyses_and_known_issues_reach_the_receiver()
    {
        await using var receiver = new WebhookReceiver();
        await receiver.StartAsync();
        await using var factory = await ApiFactory.CreateAsync(worker: true, extraSettings: WebhookApi.Settings());
        var (_, key) = await factory.CreateTenantAsync(role: OrganizationRole.Admin);
        using var api = factory.ClientWithKey(key);
        var (_, secret) = await WebhookApi.CreateAsync(api, receiver.Url,
            WebhookEventTypes.AnalysisFailed, WebhookEventTypes.GroupKnownIssue, WebhookEventTypes.AnalysisCompleted);

        // Text that is no kernel log, uploaded as a vmcore: accepted, and its analysis fails.
        var broken = Path.Combine(Path.GetTempPath(), $"not-a-dump-{Guid.NewGuid():N}.txt");
        await File.WriteAllTextAsync(broken, "this is a shopping list, not a crash dump\nmilk\neggs\n");
        try
        {
            var brokenCase = await CaseFlow.CreateWithFileAsync(api, "Webhook: broken upload", broken, "vmcore");
            var failed = await receiver.NextAsync(WebhookEventTypes.AnalysisFailed, TimeSpan.FromSeconds(60));
            Assert.Equal(WebhookVerification.Valid, Verify(secret, failed));
            Assert.Equal(brokenCase, failed.Data.GetProperty("case").GetProperty("id").GetGuid());
            Assert.Equal(Path.GetFileName(broken), failed.Data.GetProperty("analysis").GetProperty("fileName").GetString());
            Assert.False(string.IsNullOrWhiteSpace(failed.Data.GetProperty("error").GetString()));
        }
        finally
        {
            File.Delete(broken);
        }

        var caseId = await CaseFlow.CreateCaseAsync(api, "Webhook: known issue");
        await CaseFlow.UploadAndWaitAsync(api, caseId, WebhookApi.ConsoleLog, "console-log", 1);
        var completed = await receiver.NextAsync(WebhookEventTypes.AnalysisCompleted, TimeSpan.FromSeconds(30));
        var groupId = completed.Data.GetProperty("case").GetProperty("groupId").GetGuid();

        using (var marked = await api.PutAsJsonAsync($"/api/v1/groups/{groupId}/known-issue", new { title = "Mutex held across sleep", fixedIn = new[] { "6.1.76" } }))
            Assert.Equal(HttpStatusCode.OK, marked.StatusCode);
        var known = await receiver.NextAsync(WebhookEventTypes.GroupKnownIssue, TimeSpan.FromSeconds(15));
        Assert.Equal(WebhookVerification.Valid, Verify(secret, known));
        Assert.Equal("marked", known.Data.GetProperty("action").GetString());
        Assert.Equal(groupId, known.Data.GetProperty("group").GetProperty("id").GetGuid());
        Assert.Equal("6.1.76", known.Data.GetProperty("knownIssue").GetProperty("fixedIn")[0].GetString());

        using (var unmarked = await api.DeleteAsync($"/api/v1/groups/{groupId}/known-issue"))
            Assert.Equal(HttpStatusCode.NoContent, unmarked.StatusCode);
        var gone = await receiver.NextAsync(WebhookEventTypes.GroupKnownIssue, TimeSpan.FromSeconds(15));
        Assert.Equal("unmarked", gone.Data.GetProperty("action").GetString());
        Assert.Equal(System.Text.Json.JsonValueKind.Null, gone.Data.GetProperty("knownIssue").ValueKind);
    }

    private static WebhookVerification Verify(string secret, ReceivedWebhook received) =>
        WebhookSignature.Verify(secret, received.Id, received.Timestamp, received.Signature, received.Body, DateTimeOffset.UtcNow);
}
