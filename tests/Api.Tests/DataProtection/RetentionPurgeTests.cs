using System.Net;
using System.Net.Http.Json;
using Crashdesk.Api.Contracts;
using Crashdesk.Api.Tests.Support;
using Crashdesk.Core.Auth;
using Crashdesk.Core.DataProtection;
using Crashdesk.Core.Jobs;
using Crashdesk.Core.Storage;
using Crashdesk.Core.Tests.Support;
using Hangfire;
using Microsoft.Extensions.DependencyInjection;

namespace Crashdesk.Api.Tests.DataProtection;

/// <summary>
/// Retention on both stores: with a 0-day policy the recurring purge job (fired through Hangfire on
/// the maintenance queue) deletes the raw dump's object, keeps its row, its report and timeline,
/// answers its download with 410, and leaves a held case's dump alone.
/// </summary>
public sealed class RetentionPurgeTests
{
    private const string Fixture = "debian-6.1-cloud/sysrq-c/kdump-zlib";

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task A_zero_day_policy_purges_the_raw_dump_keeps_the_report_and_spares_a_held_case(bool s3)
    {
        await using var factory = await ApiFactory.CreateAsync(s3: s3, worker: true);
        var (_, key) = await factory.CreateTenantAsync(role: OrganizationRole.Admin);
        using var client = factory.ClientWithKey(key);
        var purgedCase = await CaseFlow.CreateCaseAsync(client, "purged");
        var heldCase = await CaseFlow.CreateCaseAsync(client, "held");
        await CaseFlow.UploadAndWaitAsync(client, purgedCase, TestFixtures.DumpFile(Fixture), "vmcore", 1);
        await CaseFlow.UploadAndWaitAsync(client, heldCase, TestFixtures.DumpFile(Fixture), "vmcore", 1);
        var purgedArtifact = (await CaseAsync(client, purgedCase)).Artifacts.Single();
        var heldArtifact = (await CaseAsync(client, heldCase)).Artifacts.Single();
        var store = factory.Services.GetRequiredService<IBlobStore>();
        Assert.True(await store.ExistsAsync(BlobKeys.ForArtifact(purgedCase, purgedArtifact.Id)));

        using (var hold = await client.PutAsJsonAsync($"/api/v1/cases/{heldCase}/legal-hold", new PlaceLegalHoldRequest("litigation ACME-7")))
        {
            Assert.Equal(HttpStatusCode.OK, hold.StatusCode);
            Assert.Equal("litigation ACME-7", (await Json.ReadAsync<LegalHoldDto>(hold)).Reason);
        }
        using (var policy = await client.PutAsJsonAsync("/api/v1/organization/retention", new SetRetentionRequest(0)))
        {
            Assert.Equal(HttpStatusCode.OK, policy.StatusCode);
            Assert.Equal(0, (await Json.ReadAsync<RetentionPolicyDto>(policy)).Days);
        }

        // The recurring job as the schedule would fire it: Hangfire enqueues it on maintenance, a worker runs it.
        var manager = new RecurringJobManager(factory.Services.GetRequiredService<JobStorage>());
        manager.TriggerJob(RetentionPurgeJob.RecurringId);
        var purged = await WaitForPurgeAsync(client, purgedCase);

        Assert.Equal("purged after 0 days (the organisation's retention policy)", purged.PurgeReason);
        Assert.Equal(purgedArtifact.Sha256, purged.Sha256); // the row stays: what the report was read from
        Assert.False(await store.ExistsAsync(BlobKeys.ForArtifact(purgedCase, purgedArtifact.Id)), "the purged dump's object is still in the store");
        Assert.True(await store.ExistsAsync(BlobKeys.ForArtifact(heldCase, heldArtifact.Id)), "the held case's dump was purged");
        using (var report = await client.GetAsync($"/api/v1/cases/{purgedCase}/report"))
            Assert.Equal(HttpStatusCode.OK, report.StatusCode);
        using (var download = await client.GetAsync($"/api/v1/cases/{purgedCase}/artifacts/{purgedArtifact.Id}/content"))
        {
            Assert.Equal(HttpStatusCode.Gone, download.StatusCode);
            Assert.Equal("application/problem+json", download.Content.Headers.ContentType?.MediaType);
            var detail = (await Json.ReadElementAsync(download)).GetProperty("detail").GetString()!;
            Assert.StartsWith("dump.zlib was purged after 0 days", detail);
            Assert.Contains("its reports, notes and environment are kept", detail);
        }
        using (var download = await client.GetAsync($"/api/v1/cases/{heldCase}/artifacts/{heldArtifact.Id}/content"))
            Assert.Equal(HttpStatusCode.OK, download.StatusCode);
        using (var again = await client.PostAsJsonAsync($"/api/v1/cases/{purgedCase}/analyses", new { artifactId = purgedArtifact.Id }))
        {
            Assert.Equal(HttpStatusCode.UnprocessableEntity, again.StatusCode);
            Assert.Contains("purged after 0 days", await again.Content.ReadAsStringAsync());
        }
        var held = await CaseAsync(client, heldCase);
        Assert.NotNull(held.LegalHold);
        Assert.Null(held.Artifacts.Single().PurgedAt);
        var timeline = await client.GetAllAsync<CaseEventDto>($"/api/v1/cases/{purgedCase}/timeline");
        Assert.Contains(timeline!, e => e.Kind == "artifact-purged" && e.NewValue!.StartsWith("dump.zlib: purged after 0 days", StringComparison.Ordinal));
        // The deletion is in the audit log, the service as its actor; the held dump is not.
        var audit = await client.GetFromJsonAsync<AuditPageDto>("/api/v1/audit?action=artifact.purge", Json.Web);
        var purge = Assert.Single(audit!.Items);
        Assert.Equal(purgedArtifact.Id, purge.TargetId);
        Assert.Equal(purgedCase, purge.CaseId);
        Assert.Equal("Crashdesk", purge.ActorName);
        Assert.Null(purge.ActorUserId);
        Assert.Equal("dump.zlib", purge.Detail!["fileName"]);

        // Released, the held case's dump goes at the next run.
        using (var release = await client.DeleteAsync($"/api/v1/cases/{heldCase}/legal-hold"))
            Assert.Equal(HttpStatusCode.NoContent, release.StatusCode);
        await using (var scope = factory.Services.CreateAsyncScope())
        {
            var summary = await scope.ServiceProvider.GetRequiredService<RetentionPurge>().RunAsync(DateTimeOffset.UtcNow, CancellationToken.None);
            Assert.Equal(1, summary.Purged);
        }
        Assert.False(await store.ExistsAsync(BlobKeys.ForArtifact(heldCase, heldArtifact.Id)));
        Assert.Null((await CaseAsync(client, heldCase)).LegalHold);
    }

    [Fact]
    public async Task A_policy_of_some_days_keeps_younger_dumps_and_other_kinds()
    {
        await using var factory = await ApiFactory.CreateAsync();
        var (_, key) = await factory.CreateTenantAsync(role: OrganizationRole.Admin);
        using var client = factory.ClientWithKey(key);
        var caseId = await CaseFlow.CreateCaseAsync(client, "young");
        using (var upload = await client.PutAsync($"/api/v1/cases/{caseId}/artifacts/notes.txt?kind=other", new ByteArrayContent([1, 2, 3])))
            Assert.Equal(HttpStatusCode.Created, upload.StatusCode);
        using (var upload = await client.PutAsync($"/api/v1/cases/{caseId}/artifacts/console.txt?kind=console-log", new ByteArrayContent([65, 10])))
            Assert.Equal(HttpStatusCode.Created, upload.StatusCode);
        using (var policy = await client.PutAsJsonAsync("/api/v1/organization/retention", new SetRetentionRequest(30)))
            Assert.Equal(HttpStatusCode.OK, policy.StatusCode);

        await using var scope = factory.Services.CreateAsyncScope();
        var purge = scope.ServiceProvider.GetRequiredService<RetentionPurge>();
        // 31 days on: still nothing, for neither file is a raw dump.
        var summary = await purge.RunAsync(DateTimeOffset.UtcNow.AddDays(31), CancellationToken.None);

        Assert.Equal(0, summary.Purged);
        Assert.All((await CaseAsync(client, caseId)).Artifacts, a => Assert.Null(a.PurgedAt));
    }

    [Fact]
    public async Task The_retention_policy_is_for_administrators_and_its_days_are_checked()
    {
        await using var factory = await ApiFactory.CreateAsync();
        var (admin, adminKey) = await factory.CreateTenantAsync(role: OrganizationRole.Admin);
        var (_, engineerKey) = await factory.AddUserAsync(admin.OrganizationId, "Engineer");
        using var client = factory.ClientWithKey(adminKey);
        using var engineer = factory.ClientWithKey(engineerKey);

        var initial = await client.GetFromJsonAsync<RetentionPolicyDto>("/api/v1/organization/retention", Json.Web);
        using var negative = await client.PutAsJsonAsync("/api/v1/organization/retention", new SetRetentionRequest(-1));
        using var forbidden = await engineer.PutAsJsonAsync("/api/v1/organization/retention", new SetRetentionRequest(1));
        using var forever = await client.PutAsJsonAsync("/api/v1/organization/retention", new SetRetentionRequest(null));

        Assert.Null(initial!.Days);
        Assert.Null(initial.UpdatedAt);
        Assert.Equal(HttpStatusCode.BadRequest, negative.StatusCode);
        Assert.Contains("days must be 0..36500", await negative.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.Forbidden, forbidden.StatusCode);
        Assert.Equal(HttpStatusCode.OK, forever.StatusCode);
        Assert.NotNull((await Json.ReadAsync<RetentionPolicyDto>(forever)).UpdatedAt);
    }

    private static async Task<CaseDto> CaseAsync(HttpClient client, Guid caseId) =>
        (await client.GetFromJsonAsync<CaseDto>($"/api/v1/cases/{caseId}", Json.Web))!;

    private static async Task<ArtifactDto> WaitForPurgeAsync(HttpClient client, Guid caseId)
    {
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (true)
        {
            var artifact = (await CaseAsync(client, caseId)).Artifacts.Single();
            if (artifact.PurgedAt is not null)
                return artifact;
            Assert.True(DateTime.UtcNow < deadline, "the purge job did not purge the dump within 60 s");
            await Task.Delay(250);
        }
    }
}
