using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Crashdesk.Api.Tests.Support;
using Crashdesk.Core.Auth;
using Crashdesk.Core.Services;
using Microsoft.Extensions.DependencyInjection;

namespace Crashdesk.Api.Tests.Tenancy;

/// <summary>
/// Organisations, memberships and roles over the API; API keys with scopes, expiry, rotation, last use and
/// an organisation they are limited to; the throttle on failed keys.
/// </summary>
public sealed class RolesAndKeysTests : IAsyncLifetime
{
    private ApiFactory _factory = null!;

    public async Task InitializeAsync() => _factory = await ApiFactory.CreateAsync(extraSettings: new Dictionary<string, string?>
    {
        ["Accounts:ApiKeyFailuresPerMinute"] = "20",
    });

    public async Task DisposeAsync() => await _factory.DisposeAsync();

    [Fact]
    public async Task The_support_centre_creates_a_customer_organisation_adds_people_and_they_act_only_there()
    {
        var (admin, adminKey) = await ProviderAdminAsync();
        using var api = _factory.ClientWithKey(adminKey);

        using var created = await api.PostAsJsonAsync("/api/v1/organizations", new { name = "ACME Corp" });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var acme = (await Json.ReadElementAsync(created)).GetProperty("id").GetGuid();

        // The admin's key is limited to its own organisation: it cannot act in ACME even as ACME's admin.
        using (var limited = new HttpRequestMessage(HttpMethod.Get, "/api/v1/cases"))
        {
            limited.Headers.Add("Crashdesk-Organization", acme.ToString());
            Assert.Equal(HttpStatusCode.Unauthorized, (await api.SendAsync(limited)).StatusCode);
        }

        // A key for all the admin's organisations may, naming one per request.
        using var wide = await api.PostAsJsonAsync("/api/v1/api-keys", new { name = "all orgs", allOrganizations = true });
        var wideKey = (await Json.ReadElementAsync(wide)).GetProperty("secret").GetString()!;
        using var inAcme = _factory.ClientWithKey(wideKey);
        inAcme.DefaultRequestHeaders.Add("Crashdesk-Organization", acme.ToString());
        using var member = await inAcme.PostAsJsonAsync("/api/v1/organization/members",
            new { email = "ops@acme.example", role = "customer", displayName = "ACME Ops" });
        Assert.Equal(HttpStatusCode.Created, member.StatusCode);
        var added = await Json.ReadElementAsync(member);
        Assert.True(added.GetProperty("userCreated").GetBoolean());
        var initialPassword = added.GetProperty("initialPassword").GetString()!;
        Assert.True(initialPassword.Length >= 12);

        // The customer signs in with it, lands in ACME and sees ACME's case, not the support centre's.
        await CreateCaseAsync(_factory.ClientWithKey(adminKey), "support-centre case");
        await CreateCaseAsync(inAcme, "acme case");
        var (customer, _) = await BrowserSession.SignInAsync(_factory, "ops@acme.example", initialPassword);
        var me = await Json.ReadElementAsync(await customer.GetAsync("/api/v1/me"));
        Assert.Equal(acme, me.GetProperty("organizationId").GetGuid());
        Assert.Equal("customer", me.GetProperty("role").GetString());
        var titles = await TitlesAsync(customer);
        Assert.Equal(["acme case"], titles);

        // The admin is a member of both and lists them.
        var organizations = (await Json.ReadElementAsync(await api.GetAsync("/api/v1/organizations"))).GetProperty("items");
        Assert.Equal(2, organizations.GetArrayLength());
    }

    [Fact]
    public async Task A_customer_uploads_and_adds_notes_but_never_reads_internal_notes_or_edits_the_case()
    {
        var (engineer, engineerKey) = await _factory.CreateTenantAsync();
        var (customer, customerKey) = await _factory.AddUserAsync(engineer.OrganizationId, "Customer", OrganizationRole.Customer);
        using var staff = _factory.ClientWithKey(engineerKey);
        using var cust = _factory.ClientWithKey(customerKey);

        var caseId = await CreateCaseAsync(cust, "customer's own case");
        using (var upload = await cust.PutAsync($"/api/v1/cases/{caseId}/artifacts/notes.txt?kind=other", new ByteArrayContent("hello"u8.ToArray())))
            Assert.Equal(HttpStatusCode.Created, upload.StatusCode);

        Assert.Equal(HttpStatusCode.Created, (await staff.PostAsJsonAsync($"/api/v1/cases/{caseId}/notes", new { body = "INTERNAL suspicion: their driver" })).StatusCode);
        Assert.Equal(HttpStatusCode.Created, (await staff.PostAsJsonAsync($"/api/v1/cases/{caseId}/notes", new { body = "Shared: please send sosreport", visibility = "customer" })).StatusCode);
        Assert.Equal(HttpStatusCode.Created, (await cust.PostAsJsonAsync($"/api/v1/cases/{caseId}/notes", new { body = "Customer: attached", visibility = "internal" })).StatusCode);

        var customerNotes = await (await cust.GetAsync($"/api/v1/cases/{caseId}/notes")).Content.ReadAsStringAsync();
        Assert.DoesNotContain("INTERNAL", customerNotes);
        Assert.Contains("please send sosreport", customerNotes);
        Assert.Contains("Customer: attached", customerNotes);
        var timeline = await (await cust.GetAsync($"/api/v1/cases/{caseId}/timeline")).Content.ReadAsStringAsync();
        Assert.DoesNotContain("INTERNAL", timeline);
        Assert.Contains("INTERNAL", await (await staff.GetAsync($"/api/v1/cases/{caseId}/notes")).Content.ReadAsStringAsync());

        using var patch = await CaseWorkflowApiTests.PatchAsync(cust, caseId, null, """{"status":"closed"}""");
        Assert.Equal(HttpStatusCode.Forbidden, patch.StatusCode);
        Assert.Contains("customer", await patch.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.Forbidden, (await cust.GetAsync("/api/v1/groups")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await cust.GetAsync("/api/v1/organization/members")).StatusCode);
    }

    [Fact]
    public async Task A_role_change_applies_to_the_next_request_and_the_last_admin_stays()
    {
        var (admin, adminKey) = await _factory.CreateTenantAsync(role: OrganizationRole.Admin);
        var (engineer, engineerKey) = await _factory.AddUserAsync(admin.OrganizationId, "Engineer");
        using var adminApi = _factory.ClientWithKey(adminKey);
        using var engineerApi = _factory.ClientWithKey(engineerKey);
        Assert.Equal(HttpStatusCode.OK, (await engineerApi.GetAsync("/api/v1/groups")).StatusCode);

        using var demote = await adminApi.PutAsJsonAsync($"/api/v1/organization/members/{engineer.UserId}", new { role = "customer" });
        Assert.Equal(HttpStatusCode.OK, demote.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await engineerApi.GetAsync("/api/v1/groups")).StatusCode);

        using var lastAdmin = await adminApi.PutAsJsonAsync($"/api/v1/organization/members/{admin.UserId}", new { role = "engineer" });
        Assert.Equal(HttpStatusCode.BadRequest, lastAdmin.StatusCode);
        Assert.Contains("at least one administrator", await lastAdmin.Content.ReadAsStringAsync());
        using var badRole = await adminApi.PutAsJsonAsync($"/api/v1/organization/members/{engineer.UserId}", new { role = "root" });
        Assert.Contains("unknown role 'root'", await badRole.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Scopes_limit_what_a_key_may_do()
    {
        var (_, key) = await _factory.CreateTenantAsync();
        using var api = _factory.ClientWithKey(key);
        var readOnly = await NewKeyAsync(api, new { name = "reader", scopes = new[] { "read" } });
        var uploader = await NewKeyAsync(api, new { name = "portal", scopes = new[] { "upload" } });
        using var reader = _factory.ClientWithKey(readOnly);
        using var portal = _factory.ClientWithKey(uploader);

        Assert.Equal(HttpStatusCode.OK, (await reader.GetAsync("/api/v1/cases")).StatusCode);
        using var refused = await reader.PostAsJsonAsync("/api/v1/cases", new { title = "t", customer = "c" });
        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        Assert.Contains("'upload' scope", await refused.Content.ReadAsStringAsync());

        var caseId = await CreateCaseAsync(portal, "from the portal");
        Assert.Equal(HttpStatusCode.Created,
            (await portal.PutAsync($"/api/v1/cases/{caseId}/artifacts/x.txt?kind=other", new ByteArrayContent([1]))).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await portal.GetAsync($"/api/v1/cases/{caseId}")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await CaseWorkflowApiTests.PatchAsync(portal, caseId, null, """{"status":"closed"}""")).StatusCode);

        using var unknown = await api.PostAsJsonAsync("/api/v1/api-keys", new { name = "x", scopes = new[] { "sudo" } });
        Assert.Equal(HttpStatusCode.BadRequest, unknown.StatusCode);
        Assert.Contains("unknown scope 'sudo'", await unknown.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task A_key_records_its_last_use_expires_and_rotates_with_both_keys_valid_meanwhile()
    {
        var (_, key) = await _factory.CreateTenantAsync();
        using var api = _factory.ClientWithKey(key);
        await api.GetAsync("/api/v1/cases");
        var keys = (await Json.ReadElementAsync(await api.GetAsync("/api/v1/api-keys"))).GetProperty("items");
        var used = keys.EnumerateArray().Single();
        Assert.NotEqual(JsonValueKind.Null, used.GetProperty("lastUsedAt").ValueKind);
        Assert.True((DateTimeOffset.UtcNow - used.GetProperty("lastUsedAt").GetDateTimeOffset()).Duration() < TimeSpan.FromMinutes(1));
        Assert.NotEqual(JsonValueKind.Null, used.GetProperty("lastUsedAddress").ValueKind);

        // Rotation: the new key works and so does the old one, until its grace ends.
        var oldId = used.GetProperty("id").GetGuid();
        using var rotated = await api.PostAsJsonAsync($"/api/v1/api-keys/{oldId}/rotate", new { graceHours = 1 });
        Assert.Equal(HttpStatusCode.Created, rotated.StatusCode);
        var newKey = (await Json.ReadElementAsync(rotated)).GetProperty("secret").GetString()!;
        using var fresh = _factory.ClientWithKey(newKey);
        Assert.Equal(HttpStatusCode.OK, (await fresh.GetAsync("/api/v1/cases")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await api.GetAsync("/api/v1/cases")).StatusCode);
        using var now = await fresh.PostAsJsonAsync($"/api/v1/api-keys/{oldId}/rotate", new { graceHours = 0 });
        Assert.Equal(HttpStatusCode.Created, now.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await api.GetAsync("/api/v1/cases")).StatusCode);

        // An expired key is refused like an unknown one.
        using var past = await fresh.PostAsJsonAsync("/api/v1/api-keys", new { name = "past", expiresAt = DateTimeOffset.UtcNow.AddMinutes(-1) });
        Assert.Equal(HttpStatusCode.BadRequest, past.StatusCode);
        var shortLived = await NewKeyAsync(fresh, new { name = "soon", expiresAt = DateTimeOffset.UtcNow.AddSeconds(2) });
        using var soon = _factory.ClientWithKey(shortLived);
        Assert.Equal(HttpStatusCode.OK, (await soon.GetAsync("/api/v1/cases")).StatusCode);
        await Task.Delay(TimeSpan.FromSeconds(2.5));
        Assert.Equal(HttpStatusCode.Unauthorized, (await soon.GetAsync("/api/v1/cases")).StatusCode);
    }

    [Fact]
    public async Task Twenty_wrong_keys_from_one_address_block_its_key_requests_for_a_while()
    {
        var (_, key) = await _factory.CreateTenantAsync();
        for (int i = 0; i < 20; i++)
        {
            using var wrong = _factory.ClientWithKey($"cdk_wrong{i}");
            Assert.Equal(HttpStatusCode.Unauthorized, (await wrong.GetAsync("/api/v1/cases")).StatusCode);
        }
        using var right = _factory.ClientWithKey(key);
        using var blocked = await right.GetAsync("/api/v1/cases");
        Assert.Equal(HttpStatusCode.TooManyRequests, blocked.StatusCode);
        Assert.Equal("60", blocked.Headers.GetValues("Retry-After").Single());
    }

    private async Task<(Caller Caller, string Key)> ProviderAdminAsync()
    {
        var (admin, key) = await _factory.CreateTenantAsync(role: OrganizationRole.Admin);
        await using var db = _factory.Database.CreateContext();
        db.Organizations.Single(o => o.Id == admin.OrganizationId).IsProvider = true;
        await db.SaveChangesAsync();
        return (admin, key);
    }

    private static async Task<Guid> CreateCaseAsync(HttpClient client, string title)
    {
        using var response = await client.PostAsJsonAsync("/api/v1/cases", new { title, customer = "ACME" });
        Assert.True(response.StatusCode == HttpStatusCode.Created, $"{(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
        return (await Json.ReadElementAsync(response)).GetProperty("id").GetGuid();
    }

    private static async Task<string> NewKeyAsync(HttpClient client, object request)
    {
        using var response = await client.PostAsJsonAsync("/api/v1/api-keys", request);
        Assert.True(response.StatusCode == HttpStatusCode.Created, $"{(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
        return (await Json.ReadElementAsync(response)).GetProperty("secret").GetString()!;
    }

    private static async Task<List<string>> TitlesAsync(HttpClient client)
    {
        var page = await Json.ReadElementAsync(await client.GetAsync("/api/v1/cases"));
        return [.. page.GetProperty("items").EnumerateArray().Select(c => c.GetProperty("title").GetString()!)];
    }
}
