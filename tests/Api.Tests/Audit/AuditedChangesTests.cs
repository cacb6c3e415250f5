using System.Net;
using System.Net.Http.Json;
using Crashdesk.Api.Tests.Support;
using Crashdesk.Core.Auth;

namespace Crashdesk.Api.Tests.Audit;

/// <summary>People, roles, keys, notes and sign-ins: each change is a row of the audit log, written with the change.</summary>
public sealed class AuditedChangesTests : IAsyncLifetime
{
    private ApiFactory _factory = null!;

    public async Task InitializeAsync() => _factory = await ApiFactory.CreateAsync(extraSettings: new Dictionary<string, string?>
    {
        ["Accounts:MaxFailedSignIns"] = "3",
    });

    public async Task DisposeAsync() => await _factory.DisposeAsync();

    [Fact]
    public async Task Membership_role_and_key_changes_are_recorded_with_what_changed()
    {
        var (admin, adminKey) = await _factory.CreateTenantAsync(role: OrganizationRole.Admin);
        var (engineer, _) = await _factory.AddUserAsync(admin.OrganizationId, "Ed Engineer");
        using var api = _factory.ClientWithKey(adminKey);
        Ok(await api.PutAsJsonAsync($"/api/v1/organization/members/{engineer.UserId}", new { role = "customer" }));
        Ok(await api.PostAsync($"/api/v1/organization/members/{engineer.UserId}/deactivate", null));
        Ok(await api.PostAsync($"/api/v1/organization/members/{engineer.UserId}/reactivate", null));
        Ok(await api.DeleteAsync($"/api/v1/organization/members/{engineer.UserId}"));
        var created = await Json.ReadElementAsync(Ok(await api.PostAsJsonAsync("/api/v1/api-keys", new { name = "ticketing", scopes = new[] { "read" } })));
        var keyId = created.GetProperty("key").GetProperty("id").GetGuid();
        var rotated = await Json.ReadElementAsync(Ok(await api.PostAsJsonAsync($"/api/v1/api-keys/{keyId}/rotate", new { graceHours = 1 })));
        var newKeyId = rotated.GetProperty("key").GetProperty("id").GetGuid();
        Ok(await api.DeleteAsync($"/api/v1/api-keys/{newKeyId}"));

        // The newest seven (the tenant's own first key is older).
        var events = (await AuditApiTests.SearchAsync(api, $"actor={admin.UserId}&limit=7")).Items;
        Assert.Equal(["apikey.revoke", "apikey.rotate", "apikey.create", "member.remove", "user.reactivate", "user.deactivate", "role.change"],
            events.Select(e => e.Action));
        var role = events.Single(e => e.Action == "role.change");
        Assert.Equal(("user", engineer.UserId), (role.TargetKind, role.TargetId!.Value));
        Assert.Equal("engineer", role.Detail!["from"]);
        Assert.Equal("customer", role.Detail!["to"]);
        Assert.Equal("customer", events.Single(e => e.Action == "member.remove").Detail!["role"]);
        var rotate = events.Single(e => e.Action == "apikey.rotate");
        Assert.Equal(keyId, rotate.TargetId);
        Assert.Equal(newKeyId.ToString(), rotate.Detail!["newKeyId"]);
        Assert.Equal("read", events.Single(e => e.Action == "apikey.create").Detail!["scopes"]);
        Assert.All(events, e =>
        {
            Assert.Equal(admin.Email, e.ActorEmail);
            Assert.NotNull(e.ApiKeyId);
            Assert.Equal("127.0.0.1", e.ClientAddress);
        });
    }

    [Fact]
    public async Task Sign_ins_failures_lockouts_sign_outs_and_note_deletions_are_recorded()
    {
        var (admin, adminKey) = await _factory.CreateTenantAsync(role: OrganizationRole.Admin);
        var (engineer, engineerKey) = await _factory.AddUserAsync(admin.OrganizationId, "Sam Signin");
        using var api = _factory.ClientWithKey(adminKey);

        var (session, token) = await BrowserSession.SignInAsync(_factory, engineer.Email);
        using (var form = new FormUrlEncodedContent(new Dictionary<string, string> { ["__RequestVerificationToken"] = token }))
            Assert.Equal(HttpStatusCode.Redirect, (await session.PostAsync("/logout", form)).StatusCode);
        using var stranger = BrowserSession.NewClient(_factory);
        for (int i = 0; i < 3; i++)
            (await BrowserSession.PostLoginAsync(stranger, engineer.Email, "not the password " + i)).Dispose();
        (await BrowserSession.PostLoginAsync(stranger, "nobody@example.test", "whatever")).Dispose();

        using var engineerApi = _factory.ClientWithKey(engineerKey);
        var caseId = await CaseFlow.CreateCaseAsync(engineerApi, "a case with a note");
        var note = await Json.ReadElementAsync(Ok(await engineerApi.PostAsJsonAsync($"/api/v1/cases/{caseId}/notes", new { body = "to be deleted" })));
        var noteId = note.GetProperty("id").GetGuid();
        Ok(await engineerApi.DeleteAsync($"/api/v1/cases/{caseId}/notes/{noteId}"));

        var events = (await AuditApiTests.SearchAsync(api, $"actor={engineer.UserId}")).Items;
        Assert.Equal(["note.delete", "signin.lockout", "signin.failure", "signin.failure", "signout", "signin.success"],
            events.Select(e => e.Action).Take(6));
        Assert.Equal(("note", noteId, caseId), (events[0].TargetKind, events[0].TargetId!.Value, events[0].CaseId!.Value));
        Assert.Equal("wrong e-mail or password", events[2].Detail!["reason"]);
        Assert.All(events.Skip(1).Take(5), e =>
        {
            Assert.Null(e.ApiKeyId);
            Assert.Equal("127.0.0.1", e.ClientAddress);
            Assert.Equal(engineer.Email, e.ActorEmail);
        });
        // An e-mail nobody has belongs to no organisation of a tenant: it is not in this one's log.
        Assert.Equal(0, (await AuditApiTests.SearchAsync(api, "actor=nobody@example.test")).Total);
    }

    [Fact]
    public async Task An_organisation_switch_is_recorded_in_the_organisation_entered()
    {
        var (adminA, adminAKey) = await _factory.CreateTenantAsync(role: OrganizationRole.Admin);
        var (guest, _) = await _factory.CreateTenantAsync();
        using var apiA = _factory.ClientWithKey(adminAKey);
        Ok(await apiA.PostAsJsonAsync("/api/v1/organization/members", new { email = guest.Email, role = "engineer" }));
        var (session, token) = await BrowserSession.SignInAsync(_factory, guest.Email);
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/me/organization") { Content = JsonContent.Create(new { organizationId = adminA.OrganizationId }) };
        request.Headers.Add("RequestVerificationToken", token);
        Ok(await session.SendAsync(request));

        var switched = (await AuditApiTests.SearchAsync(apiA, "action=organization.switch")).Items.Single();
        Assert.Equal(guest.UserId, switched.ActorUserId);
        Assert.Equal(adminA.OrganizationId, switched.TargetId);
        Assert.Null(switched.ApiKeyId);
        Assert.Equal("127.0.0.1", switched.ClientAddress);
        // The guest's sign-in belongs to its home organisation, not to A.
        Assert.Equal(0, (await AuditApiTests.SearchAsync(apiA, $"action=signin.success&actor={guest.UserId}")).Total);
    }

    private static HttpResponseMessage Ok(HttpResponseMessage response)
    {
        Assert.True(response.IsSuccessStatusCode, $"{response.RequestMessage?.Method} {response.RequestMessage?.RequestUri} answered {(int)response.StatusCode}");
        return response;
    }
}
