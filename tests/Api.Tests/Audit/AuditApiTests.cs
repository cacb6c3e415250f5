using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Crashdesk.Api.Contracts;
using Crashdesk.Api.Tests.Support;
using Crashdesk.Core.Auth;
using Crashdesk.Core.Tests.Support;
using Npgsql;

namespace Crashdesk.Api.Tests.Audit;

/// <summary>
/// Every report view and download is a row of the audit log naming the right actor (the person, and the key
/// when one was used) and client address; only administrators read or export it; a read the log cannot
/// record is not served.
/// </summary>
public sealed class AuditApiTests : IAsyncLifetime
{
    private ApiFactory _factory = null!;

    public async Task InitializeAsync() => _factory = await ApiFactory.CreateAsync(worker: true);

    public async Task DisposeAsync() => await _factory.DisposeAsync();

    [Fact]
    public async Task Report_views_and_downloads_are_recorded_with_the_actor_by_key_or_session_and_the_address()
    {
        var (admin, adminKey) = await _factory.CreateTenantAsync(role: OrganizationRole.Admin);
        var (engineer, engineerKey) = await _factory.AddUserAsync(admin.OrganizationId, "Erin Engineer");
        using var adminApi = _factory.ClientWithKey(adminKey);
        using var engineerApi = _factory.ClientWithKey(engineerKey);
        var (caseId, artifactId) = await AnalysedCaseAsync(engineerApi);

        Assert.Equal(HttpStatusCode.OK, (await engineerApi.GetAsync($"/api/v1/cases/{caseId}/report")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await engineerApi.GetAsync($"/api/v1/cases/{caseId}/reports/1")).StatusCode);
        using (var download = await engineerApi.GetAsync($"/api/v1/cases/{caseId}/artifacts/{artifactId}/content"))
            Assert.Equal(HttpStatusCode.OK, download.StatusCode);
        // A refusal read nothing: not recorded.
        Assert.Equal(HttpStatusCode.NotFound, (await engineerApi.GetAsync($"/api/v1/cases/{Guid.NewGuid()}/report")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await engineerApi.GetAsync($"/api/v1/cases/{caseId}/reports/9")).StatusCode);

        var (session, _) = await BrowserSession.SignInAsync(_factory, engineer.Email);
        Assert.Equal(HttpStatusCode.OK, (await session.GetAsync($"/api/v1/cases/{caseId}/report")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await session.GetAsync($"/api/v1/cases/{caseId}/artifacts/{artifactId}/content")).StatusCode);

        var events = (await SearchAsync(adminApi, $"case={caseId}")).Items;
        var engineerKeyId = await KeyIdAsync(engineer.UserId);
        var views = events.Where(e => e.Action == "report.view").ToList();
        var downloads = events.Where(e => e.Action == "artifact.download").ToList();
        // UploadAndWaitAsync read the report once too (with the engineer's key).
        Assert.Equal(4, views.Count);
        Assert.Equal(2, downloads.Count);
        Assert.All(views.Concat(downloads), e =>
        {
            Assert.Equal(engineer.UserId, e.ActorUserId);
            Assert.Equal("Erin Engineer", e.ActorName);
            Assert.Equal(engineer.Email, e.ActorEmail);
            Assert.Equal("127.0.0.1", e.ClientAddress);
            Assert.Equal(caseId, e.CaseId);
        });
        // Newest first: the session's two reads, then the key's four.
        Assert.Equal([null, null, engineerKeyId, engineerKeyId, engineerKeyId, engineerKeyId], events.Select(e => e.ApiKeyId));
        Assert.All(downloads, d =>
        {
            Assert.Equal("artifact", d.TargetKind);
            Assert.Equal(artifactId, d.TargetId);
            Assert.Equal("console.txt", d.Detail!["fileName"]);
        });
        Assert.All(views, v => Assert.Equal("1", v.Detail!["version"]));
        Assert.Equal("tests", downloads.Last().ApiKeyName);

        // The actor filter: by user id, by key id (only the key's reads), by part of the e-mail.
        Assert.Equal(6, (await SearchAsync(adminApi, $"actor={engineer.UserId}&case={caseId}")).Total);
        Assert.Equal(4, (await SearchAsync(adminApi, $"actor={engineerKeyId}")).Total);
        Assert.Equal(6, (await SearchAsync(adminApi, $"actor={Uri.EscapeDataString(engineer.Email[..12].ToUpperInvariant())}&action=report.view,artifact.download")).Total);
        Assert.Equal(2, (await SearchAsync(adminApi, $"action=artifact.download&case={caseId}")).Total);
        Assert.Equal(0, (await SearchAsync(adminApi, $"case={caseId}&to={Uri.EscapeDataString(DateTimeOffset.UtcNow.AddHours(-1).ToString("O"))}")).Total);
        Assert.Equal(6, (await SearchAsync(adminApi, $"case={caseId}&from={Uri.EscapeDataString(DateTimeOffset.UtcNow.AddHours(-1).ToString("O"))}")).Total);
        var first = await SearchAsync(adminApi, $"case={caseId}&limit=2");
        var paged = await SearchAsync(adminApi, $"case={caseId}&limit=2&cursor={Uri.EscapeDataString(first.NextCursor!)}");
        Assert.Equal(6, paged.Total);
        Assert.Equal(2, paged.Items.Count);
        Assert.Equal(events[2].Id, paged.Items[0].Id);
    }

    [Fact]
    public async Task Only_administrators_read_or_export_the_log_and_bad_filters_are_named()
    {
        var (admin, adminKey) = await _factory.CreateTenantAsync(role: OrganizationRole.Admin);
        var (_, engineerKey) = await _factory.AddUserAsync(admin.OrganizationId, "Eve Engineer");
        var (customer, customerKey) = await _factory.AddUserAsync(admin.OrganizationId, "Cy Customer", OrganizationRole.Customer);
        foreach (var key in new[] { engineerKey, customerKey })
        {
            using var client = _factory.ClientWithKey(key);
            Assert.Equal(HttpStatusCode.Forbidden, (await client.GetAsync("/api/v1/audit")).StatusCode);
            Assert.Equal(HttpStatusCode.Forbidden, (await client.GetAsync("/api/v1/audit/export?format=csv")).StatusCode);
        }
        var (customerSession, _) = await BrowserSession.SignInAsync(_factory, customer.Email);
        Assert.Equal(HttpStatusCode.Forbidden, (await customerSession.GetAsync("/api/v1/audit")).StatusCode);

        using var adminApi = _factory.ClientWithKey(adminKey);
        using var unknown = await adminApi.GetAsync("/api/v1/audit?action=dump.peek");
        Assert.Equal(HttpStatusCode.BadRequest, unknown.StatusCode);
        Assert.Contains("dump.peek", await unknown.Content.ReadAsStringAsync());
        using var format = await adminApi.GetAsync("/api/v1/audit/export?format=xml");
        Assert.Equal(HttpStatusCode.BadRequest, format.StatusCode);
        Assert.Contains("csv or jsonl", await format.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.BadRequest, (await adminApi.GetAsync("/api/v1/audit?limit=1000")).StatusCode);
    }

    [Fact]
    public async Task Exports_stream_every_matching_event_as_csv_or_json_lines_and_are_recorded()
    {
        var (admin, adminKey) = await _factory.CreateTenantAsync(role: OrganizationRole.Admin);
        using var adminApi = _factory.ClientWithKey(adminKey);
        // A person whose name a spreadsheet would run as a formula, with a comma and quotes: making their key is recorded.
        var (odd, _) = await _factory.AddUserAsync(admin.OrganizationId, "=SUM(1,2) \"quoted\"", OrganizationRole.Admin);
        using (var added = await adminApi.PostAsJsonAsync("/api/v1/organization/members",
                   new { email = $"new-{Guid.NewGuid():N}@example.test", displayName = "New Customer", role = "customer" }))
            Assert.True(added.IsSuccessStatusCode, await added.Content.ReadAsStringAsync());

        using var csv = await adminApi.GetAsync($"/api/v1/audit/export?format=csv&action=apikey.create&actor={odd.UserId}");
        Assert.Equal(HttpStatusCode.OK, csv.StatusCode);
        Assert.StartsWith("text/csv", csv.Content.Headers.ContentType!.ToString());
        var lines = (await csv.Content.ReadAsStringAsync()).Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal("at,actorUserId,actorName,actorEmail,apiKeyId,apiKeyName,clientAddress,action,targetKind,targetId,caseId,detail", lines[0]);
        Assert.Equal(2, lines.Length);
        // RFC 4180 quoting, and the apostrophe that keeps a spreadsheet from running it.
        Assert.Contains($",{odd.UserId},\"'=SUM(1,2) \"\"quoted\"\"\",{odd.Email},", lines[1]);
        Assert.Contains(",apikey.create,apikey,", lines[1]);

        using var jsonl = await adminApi.GetAsync("/api/v1/audit/export?format=jsonl");
        Assert.Equal(HttpStatusCode.OK, jsonl.StatusCode);
        var records = (await jsonl.Content.ReadAsStringAsync()).Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(l => JsonSerializer.Deserialize<AuditEventDto>(l, Json.Web)!).ToList();
        // Newest first: this export (recorded before it streamed), the CSV one, the member added, the odd admin's key.
        Assert.Equal(["audit.export", "audit.export", "member.add", "apikey.create"], records.Select(r => r.Action).Take(4));
        Assert.Equal("jsonl", records[0].Detail!["format"]);
        Assert.Equal("csv", records[1].Detail!["format"]);
        Assert.Equal("apikey.create", records[1].Detail!["actions"]);
        Assert.Equal(odd.UserId.ToString(), records[1].Detail!["actor"]);
        Assert.Equal("customer", records[2].Detail!["role"]);
        Assert.Equal(2, (await SearchAsync(adminApi, "action=audit.export")).Total);
    }

    [Fact]
    public async Task The_table_refuses_update_delete_and_truncate()
    {
        var (admin, adminKey) = await _factory.CreateTenantAsync(role: OrganizationRole.Admin);
        using var adminApi = _factory.ClientWithKey(adminKey);
        Assert.True((await SearchAsync(adminApi, "")).Total > 0);
        await using var connection = new NpgsqlConnection(_factory.Database.ConnectionString);
        await connection.OpenAsync();
        foreach (var sql in new[] { "UPDATE audit_events SET actor_name = 'someone else'", "DELETE FROM audit_events", "TRUNCATE audit_events" })
        {
            await using var command = new NpgsqlCommand(sql, connection);
            var refused = await Assert.ThrowsAsync<PostgresException>(() => command.ExecuteNonQueryAsync());
            Assert.Equal(PostgresErrorCodes.InsufficientPrivilege, refused.SqlState);
            Assert.Contains("append-only", refused.MessageText);
        }
        await using var count = new NpgsqlCommand("SELECT count(*) FROM audit_events WHERE actor_name = 'someone else'", connection);
        Assert.Equal(0L, (long)(await count.ExecuteScalarAsync())!);
    }

    [Fact]
    public async Task A_download_or_report_the_log_cannot_record_is_not_served()
    {
        var (admin, adminKey) = await _factory.CreateTenantAsync(role: OrganizationRole.Admin);
        using var api = _factory.ClientWithKey(adminKey);
        var (caseId, artifactId) = await AnalysedCaseAsync(api);
        await using var connection = new NpgsqlConnection(_factory.Database.ConnectionString);
        await connection.OpenAsync();
        // The real database refuses new rows (as a full disk or a lost permission would).
        await using (var refuse = new NpgsqlCommand("ALTER TABLE audit_events ADD CONSTRAINT ck_test_refuse CHECK (false) NOT VALID", connection))
            await refuse.ExecuteNonQueryAsync();
        foreach (var path in new[] { $"/api/v1/cases/{caseId}/artifacts/{artifactId}/content", $"/api/v1/cases/{caseId}/report", "/api/v1/audit/export" })
        {
            using var response = await api.GetAsync(path);
            Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
            var body = await response.Content.ReadAsStringAsync();
            Assert.Contains("audit log could not record", body);
            Assert.DoesNotContain("PANIC", body, StringComparison.OrdinalIgnoreCase);
        }
        await using (var allow = new NpgsqlCommand("ALTER TABLE audit_events DROP CONSTRAINT ck_test_refuse", connection))
            await allow.ExecuteNonQueryAsync();
        Assert.Equal(HttpStatusCode.OK, (await api.GetAsync($"/api/v1/cases/{caseId}/artifacts/{artifactId}/content")).StatusCode);
        Assert.Equal(1, (await SearchAsync(api, "action=artifact.download")).Total);
    }

    internal static async Task<AuditPageDto> SearchAsync(HttpClient admin, string query)
    {
        using var response = await admin.GetAsync($"/api/v1/audit?{query}");
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"GET /api/v1/audit?{query}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        return await Json.ReadAsync<AuditPageDto>(response);
    }

    private async Task<Guid> KeyIdAsync(Guid userId)
    {
        await using var db = _factory.Database.CreateContext();
        return db.ApiKeys.Single(k => k.UserId == userId).Id;
    }

    private static async Task<(Guid CaseId, Guid ArtifactId)> AnalysedCaseAsync(HttpClient api)
    {
        var caseId = await CaseFlow.CreateCaseAsync(api, "audited case");
        await CaseFlow.UploadAndWaitAsync(api, caseId, Path.Combine(TestFixtures.Folder("mini-6.1-lockdep/hung-mutex/kdump-zstd"), "console.txt"), "console-log", 1);
        var details = await Json.ReadElementAsync(await api.GetAsync($"/api/v1/cases/{caseId}"));
        return (caseId, details.GetProperty("artifacts")[0].GetProperty("id").GetGuid());
    }
}
