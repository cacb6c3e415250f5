using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Crashdesk.Api.Contracts;
using Crashdesk.Api.Tests.Support;
using Crashdesk.Core.Auth;
using Crashdesk.Core.Domain;
using Crashdesk.Core.Services;
using Crashdesk.Core.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace Crashdesk.Api.Tests.Groups;

/// <summary>
/// Crash groups across organisations, through the API on real uploads: two customer organisations
/// each with a case of the same fixture crash and one unrelated case. Only a person who is engineer or
/// administrator in both (with a key made for all organisations, or a session) sees the shared group;
/// everyone else gets 403 or an empty "also seen in", and no answer to them holds a byte of B's cases.
/// </summary>
public sealed class AcrossOrganizationGroupTests : IAsyncLifetime
{
    private static readonly string SharedCrash = Path.Combine(TestFixtures.Root, "logs", "debian-6.1-cloud", "oops-null.console.txt");
    private static readonly string UnrelatedInA = Path.Combine(TestFixtures.Root, "logs", "debian-6.1-cloud", "bug.console.txt");
    private static readonly string UnrelatedInB = Path.Combine(TestFixtures.Root, "logs", "debian-6.1-cloud", "warn.console.txt");

    private ApiFactory _factory = null!;

    public async Task InitializeAsync() => _factory = await ApiFactory.CreateAsync(worker: true);

    public async Task DisposeAsync() => await _factory.DisposeAsync();

    [Fact]
    public async Task Only_engineers_of_both_organisations_see_the_shared_group_and_nothing_of_B_reaches_anyone_else()
    {
        var marker = Guid.NewGuid().ToString("N")[..10];
        var (adminA, keyA) = await _factory.CreateTenantAsync($"Org A {marker}", OrganizationRole.Admin);
        var (adminB, keyB) = await _factory.CreateTenantAsync($"Org B {marker}", OrganizationRole.Admin);
        using var apiA = _factory.ClientWithKey(keyA);
        using var apiB = _factory.ClientWithKey(keyB);
        var caseA = await CaseFlow.CreateWithFileAsync(apiA, $"A crash {marker}", SharedCrash, "console-log", customer: $"CustA-{marker}");
        var unrelatedA = await CaseFlow.CreateWithFileAsync(apiA, $"A other {marker}", UnrelatedInA, "console-log", customer: $"CustA-{marker}");
        var caseB = await CaseFlow.CreateWithFileAsync(apiB, $"SECRET-B-{marker}", SharedCrash, "console-log", customer: $"CUSTB-{marker}");
        var unrelatedB = await CaseFlow.CreateWithFileAsync(apiB, $"SECRET-B-other-{marker}", UnrelatedInB, "console-log", customer: $"CUSTB-{marker}");
        foreach (var (client, id) in new[] { (apiA, caseA), (apiA, unrelatedA), (apiB, caseB), (apiB, unrelatedB) })
            await CaseFlow.WaitForAnalysesAsync(client, id, 1, $"case {id}");
        var a = await CaseAsync(apiA, caseA);
        var b = await CaseAsync(apiB, caseB);
        Assert.Equal(a.CrashSignature, b.CrashSignature);
        Guid groupA = a.GroupId!.Value, groupB = b.GroupId!.Value;
        string signature = a.CrashSignature!;
        // What only B's side may show: its cases' titles, ids and customer, its group, its name and id.
        string[] bMarkers = [$"SECRET-B-{marker}", $"CUSTB-{marker}", caseB.ToString(), unrelatedB.ToString(), groupB.ToString(),
            $"Org B {marker}", adminB.OrganizationId.ToString()];

        var both = await PersonAsync("Both", (adminA.OrganizationId, OrganizationRole.Engineer), (adminB.OrganizationId, OrganizationRole.Engineer));
        var onlyA = await PersonAsync("Only A", (adminA.OrganizationId, OrganizationRole.Engineer));
        var customerA = await PersonAsync("Customer of A", (adminA.OrganizationId, OrganizationRole.Customer));
        var mixed = await PersonAsync("Engineer of A, customer of B", (adminA.OrganizationId, OrganizationRole.Engineer), (adminB.OrganizationId, OrganizationRole.Customer));

        // The engineer of both: one cross-organisation group, both organisations' counts; the unrelated crash is in one organisation each.
        using var bothApi = _factory.ClientWithKey(both.WideKey);
        var list = await ReadAsync<AcrossGroupListDto>(await bothApi.GetAsync("/api/v1/groups/across-organizations"), HttpStatusCode.OK);
        Assert.Null(list.NextCursor);
        Assert.Equal([$"Org A {marker}", $"Org B {marker}"], list.Organizations.Select(o => o.Name).Order(StringComparer.Ordinal));
        var shared = Assert.Single(list.Items);
        Assert.Equal(signature, shared.Signature);
        Assert.Equal(2, shared.CaseCount);
        Assert.Equal(2, shared.OrganizationCount);
        Assert.Equal(a.CrashClass, shared.CrashClass);
        Assert.Equal([(adminA.OrganizationId, groupA, 1), (adminB.OrganizationId, groupB, 1)],
            shared.Organizations.Select(o => (o.OrganizationId, o.GroupId, o.CaseCount)).OrderBy(o => o.OrganizationId == adminB.OrganizationId));
        Assert.All(shared.Organizations, o => Assert.Equal(a.KernelRelease, Assert.Single(o.KernelReleases).KernelRelease));
        Assert.False(shared.IsKnownIssue);
        // Filters as the per-organisation list reads them.
        Assert.Single((await ReadAsync<AcrossGroupListDto>(await bothApi.GetAsync($"/api/v1/groups/across-organizations?class={a.CrashClass}"), HttpStatusCode.OK)).Items);
        Assert.Empty((await ReadAsync<AcrossGroupListDto>(await bothApi.GetAsync("/api/v1/groups/across-organizations?class=oom"), HttpStatusCode.OK)).Items);
        Assert.Single((await ReadAsync<AcrossGroupListDto>(await bothApi.GetAsync($"/api/v1/groups/across-organizations?q={signature}"), HttpStatusCode.OK)).Items);
        Assert.Empty((await ReadAsync<AcrossGroupListDto>(await bothApi.GetAsync("/api/v1/groups/across-organizations?q=no-such-frame-anywhere"), HttpStatusCode.OK)).Items);
        var one = await ReadAsync<AcrossGroupDto>(await bothApi.GetAsync($"/api/v1/groups/across-organizations/{signature}"), HttpStatusCode.OK);
        Assert.Equal(2, one.Organizations.Count);
        Assert.Equal(HttpStatusCode.NotFound, (await bothApi.GetAsync("/api/v1/groups/across-organizations/0123456789abcdef")).StatusCode);

        // "Also seen in" from A's group: B, with its group and count; and from B's group (acting in B), A.
        var alsoSeen = await ReadAsync<AlsoSeenInListDto>(await bothApi.GetAsync($"/api/v1/groups/{groupA}/also-seen-in"), HttpStatusCode.OK);
        var inB = Assert.Single(alsoSeen.Items);
        Assert.Equal((adminB.OrganizationId, $"Org B {marker}", groupB, 1), (inB.OrganizationId, inB.OrganizationName, inB.GroupId, inB.CaseCount));
        using var bothInB = _factory.ClientWithKey(both.WideKey);
        bothInB.DefaultRequestHeaders.Add("Crashdesk-Organization", adminB.OrganizationId.ToString());
        Assert.Equal(groupA, Assert.Single((await ReadAsync<AlsoSeenInListDto>(await bothInB.GetAsync($"/api/v1/groups/{groupB}/also-seen-in"), HttpStatusCode.OK)).Items).GroupId);

        // The same person's key made for one organisation acts only there: 403, and "also seen in" is empty.
        using var bothLimited = _factory.ClientWithKey(both.LimitedKey);
        await AssertNotServingAsync(bothLimited, signature, groupA, bMarkers);

        // An engineer of A only, a customer of A, an engineer of A who is B's customer: 403 across, nothing of B anywhere.
        foreach (var person in new[] { onlyA, customerA, mixed })
        {
            using var wide = _factory.ClientWithKey(person.WideKey);
            await AssertNotServingAsync(wide, signature, groupA, bMarkers, customer: person == customerA);
        }
        using (var mixedInB = _factory.ClientWithKey(mixed.WideKey))
        {
            // Acting in B as its customer: the engineers' endpoints are closed, and say nothing of B's group.
            mixedInB.DefaultRequestHeaders.Add("Crashdesk-Organization", adminB.OrganizationId.ToString());
            Assert.Equal(HttpStatusCode.Forbidden, (await mixedInB.GetAsync("/api/v1/groups/across-organizations")).StatusCode);
            Assert.Equal(HttpStatusCode.Forbidden, (await mixedInB.GetAsync($"/api/v1/groups/{groupB}/also-seen-in")).StatusCode);
        }

        // The pages: the engineer of both sees "also seen in" B on A's group page and the case page, and the list links the across page;
        // A's customer and the engineer who is only B's customer see none of B on A's group page.
        var (bothSession, _) = await BrowserSession.SignInAsync(_factory, both.Email);
        var groupPage = await bothSession.GetStringAsync($"/groups/{groupA}");
        Assert.Contains("data-testid=\"also-seen-in\"", groupPage);
        Assert.Contains($"Org B {marker}", groupPage);
        Assert.Contains("Also seen in 1 other organisation you serve", groupPage);
        Assert.Contains("data-testid=\"groups-across-link\"", await bothSession.GetStringAsync("/groups"));
        foreach (var person in new[] { customerA, mixed })
        {
            var (session, _) = await BrowserSession.SignInAsync(_factory, person.Email);
            // A customer's staff do not get the groups pages at all (staff roles only): a redirect, no content.
            var page = await ShownAsync(session, $"/groups/{groupA}", refused: person == customerA);
            Assert.DoesNotContain("data-testid=\"also-seen-in\"", page);
            Assert.DoesNotContain("groups-across-link", await ShownAsync(session, "/groups", refused: person == customerA));
            // B's customer is a member of B: the top bar's organisation switcher names B (and its id) to them; B's cases and group never.
            var hidden = person == mixed ? bMarkers.Where(m => m != $"Org B {marker}" && m != adminB.OrganizationId.ToString()).ToArray() : bMarkers;
            AssertNoneOf(hidden, page, $"{person.Email}'s group page");
            AssertNoneOf(hidden, await ShownAsync(session, "/groups/across", refused: person == customerA), $"{person.Email}'s across page");
        }
    }

    [Fact]
    public async Task A_known_issue_of_A_is_offered_in_B_and_copied_with_its_fixes_into_the_timeline_and_the_audit_log()
    {
        var marker = Guid.NewGuid().ToString("N")[..10];
        var (adminA, keyA) = await _factory.CreateTenantAsync($"Org A {marker}", OrganizationRole.Admin);
        var (adminB, keyB) = await _factory.CreateTenantAsync($"Org B {marker}", OrganizationRole.Admin);
        using var apiA = _factory.ClientWithKey(keyA);
        using var apiB = _factory.ClientWithKey(keyB);
        var caseA = await CaseFlow.CreateWithFileAsync(apiA, $"A crash {marker}", SharedCrash, "console-log");
        var caseB = await CaseFlow.CreateWithFileAsync(apiB, $"B crash {marker}", SharedCrash, "console-log");
        await CaseFlow.WaitForAnalysesAsync(apiA, caseA, 1, "A's case");
        await CaseFlow.WaitForAnalysesAsync(apiB, caseB, 1, "B's case");
        Guid groupA = (await CaseAsync(apiA, caseA)).GroupId!.Value, groupB = (await CaseAsync(apiB, caseB)).GroupId!.Value;
        var title = $"KI-A-{marker}";
        using (var put = await apiA.PutAsJsonAsync($"/api/v1/groups/{groupA}/known-issue",
                   new { title, fixedIn = new[] { "6.1.76", "Debian 6.1.76-1" }, links = new[] { "https://example.test/fix" }, workaround = "Upgrade." }))
            Assert.Equal(HttpStatusCode.OK, put.StatusCode);

        var both = await PersonAsync("Both", (adminA.OrganizationId, OrganizationRole.Engineer), (adminB.OrganizationId, OrganizationRole.Engineer));
        using var bothInB = _factory.ClientWithKey(both.WideKey);
        bothInB.DefaultRequestHeaders.Add("Crashdesk-Organization", adminB.OrganizationId.ToString());

        // The across view shows A's fixes to someone looking at B.
        var shared = Assert.Single((await ReadAsync<AcrossGroupListDto>(await bothInB.GetAsync("/api/v1/groups/across-organizations"), HttpStatusCode.OK)).Items);
        Assert.True(shared.IsKnownIssue);
        Assert.Equal(["6.1.76", "Debian 6.1.76-1"], shared.Organizations.Single(o => o.OrganizationId == adminA.OrganizationId).KnownIssue!.FixedIn);
        Assert.Null(shared.Organizations.Single(o => o.OrganizationId == adminB.OrganizationId).KnownIssue);

        // B's group is offered A's known issue; the page offers the copy.
        var offered = Assert.Single((await ReadAsync<KnownIssueSuggestionListDto>(await bothInB.GetAsync($"/api/v1/groups/{groupB}/known-issue/suggestions"), HttpStatusCode.OK)).Items);
        Assert.Equal((adminA.OrganizationId, $"Org A {marker}", title), (offered.OrganizationId, offered.OrganizationName, offered.KnownIssue.Title));
        var (session, _) = await BrowserSession.SignInAsync(_factory, both.Email);
        using (var switched = await SwitchAsync(session, adminB.OrganizationId, $"/groups/{groupB}"))
            Assert.Equal($"/groups/{groupB}", switched.Headers.Location?.OriginalString);
        Assert.Contains($"Copy known issue from Org A {marker}", await session.GetStringAsync($"/groups/{groupB}"));

        // A served organisation without such a known issue, or none given: 400 naming the field.
        using (var wrong = await bothInB.PostAsJsonAsync($"/api/v1/groups/{groupB}/known-issue/copy", new { fromOrganizationId = adminB.OrganizationId }))
        {
            Assert.Equal(HttpStatusCode.BadRequest, wrong.StatusCode);
            Assert.Contains("fromOrganizationId", await wrong.Content.ReadAsStringAsync());
        }
        using (var copy = await bothInB.PostAsJsonAsync($"/api/v1/groups/{groupB}/known-issue/copy", new { fromOrganizationId = adminA.OrganizationId }))
        {
            Assert.Equal(HttpStatusCode.Created, copy.StatusCode);
            var copied = await Json.ReadAsync<KnownIssueDto>(copy);
            Assert.Equal((groupB, title), (copied.GroupId, copied.Title));
        }
        // B's own known issue now, as B's admin reads it; its case carries it and its timeline says so, without naming A.
        var inB = await ReadAsync<KnownIssueDto>(await apiB.GetAsync($"/api/v1/groups/{groupB}/known-issue"), HttpStatusCode.OK);
        Assert.Equal(["6.1.76", "Debian 6.1.76-1"], inB.FixedIn);
        Assert.Equal(["https://example.test/fix"], inB.Links);
        Assert.Equal("Upgrade.", inB.Workaround);
        using (var timelineResponse = await apiB.GetAsync($"/api/v1/cases/{caseB}/timeline"))
        {
            var raw = await timelineResponse.Content.ReadAsStringAsync();
            // One page holds the case's few events (the list pages by cursor: {items, nextCursor}).
            var timeline = JsonSerializer.Deserialize<CursorPageDto<CaseEventDto>>(raw, Json.Web)!.Items;
            Assert.Contains(timeline, e => e.Kind == "known-issue" && e.NewValue == title && e.ActorUserId == both.UserId);
            AssertNoneOf([$"Org A {marker}", adminA.OrganizationId.ToString(), groupA.ToString()], raw, "B's timeline");
        }
        var audit = await Json.ReadElementAsync(await apiB.GetAsync("/api/v1/audit?action=knownissue.copy"));
        var auditEvent = Assert.Single(audit.GetProperty("items").EnumerateArray());
        Assert.Equal(inB.Id, auditEvent.GetProperty("targetId").GetGuid());
        // Offered no more, and a second copy is a conflict.
        Assert.Empty((await ReadAsync<KnownIssueSuggestionListDto>(await bothInB.GetAsync($"/api/v1/groups/{groupB}/known-issue/suggestions"), HttpStatusCode.OK)).Items);
        using (var again = await bothInB.PostAsJsonAsync($"/api/v1/groups/{groupB}/known-issue/copy", new { fromOrganizationId = adminA.OrganizationId }))
            Assert.Equal(HttpStatusCode.Conflict, again.StatusCode);

        // An engineer of B alone is offered nothing and cannot copy from A.
        var onlyB = await PersonAsync("Only B", (adminB.OrganizationId, OrganizationRole.Engineer));
        using var onlyBApi = _factory.ClientWithKey(onlyB.WideKey);
        using (await apiB.DeleteAsync($"/api/v1/groups/{groupB}/known-issue")) { }
        Assert.Empty((await ReadAsync<KnownIssueSuggestionListDto>(await onlyBApi.GetAsync($"/api/v1/groups/{groupB}/known-issue/suggestions"), HttpStatusCode.OK)).Items);
        using (var refused = await onlyBApi.PostAsJsonAsync($"/api/v1/groups/{groupB}/known-issue/copy", new { fromOrganizationId = adminA.OrganizationId }))
        {
            Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
            AssertNoneOf([title, $"Org A {marker}"], await refused.Content.ReadAsStringAsync(), "the refused copy");
        }
    }

    /// <summary>403 across (with the machine code), an empty "also seen in" (or 403 for a customer), and no byte of B in any answer.</summary>
    private static async Task AssertNotServingAsync(HttpClient client, string signature, Guid groupA, string[] bMarkers, bool customer = false)
    {
        foreach (var path in new[] { "/api/v1/groups/across-organizations", $"/api/v1/groups/across-organizations/{signature}" })
        {
            using var response = await client.GetAsync(path);
            var body = await response.Content.ReadAsStringAsync();
            Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
            if (!customer)
                Assert.Equal("not_serving_several_organisations", JsonDocument.Parse(body).RootElement.GetProperty("code").GetString());
            AssertNoneOf(bMarkers, body, path);
        }
        foreach (var path in new[] { $"/api/v1/groups/{groupA}/also-seen-in", $"/api/v1/groups/{groupA}/known-issue/suggestions" })
        {
            using var response = await client.GetAsync(path);
            var body = await response.Content.ReadAsStringAsync();
            Assert.Equal(customer ? HttpStatusCode.Forbidden : HttpStatusCode.OK, response.StatusCode);
            if (!customer)
                Assert.Empty(JsonDocument.Parse(body).RootElement.GetProperty("items").EnumerateArray());
            AssertNoneOf(bMarkers, body, path);
        }
    }

    private static void AssertNoneOf(IEnumerable<string> markers, string body, string where)
    {
        if (markers.FirstOrDefault(m => body.Contains(m, StringComparison.OrdinalIgnoreCase)) is { } leaked)
            Assert.Fail($"{where} shows '{leaked}'");
    }

    private sealed record Person(Guid UserId, string Email, string WideKey, string LimitedKey);

    /// <summary>A person with these memberships (the first is their home organisation), a key for all of them and one limited to the first.</summary>
    private async Task<Person> PersonAsync(string name, params (Guid Organization, OrganizationRole Role)[] memberships)
    {
        var (caller, limitedKey) = await _factory.AddUserAsync(memberships[0].Organization, name, memberships[0].Role);
        await using (var db = _factory.Database.CreateContext())
        {
            foreach (var (organization, role) in memberships.Skip(1))
                db.Memberships.Add(new Membership { UserId = caller.UserId, OrganizationId = organization, Role = role });
            await db.SaveChangesAsync();
        }
        await using var scope = _factory.Services.CreateAsyncScope();
        var wide = await scope.ServiceProvider.GetRequiredService<IApiKeyService>().CreateAsync(caller, new NewApiKey("all organisations", AllOrganizations: true));
        return new Person(caller.UserId, caller.Email, wide.Secret, limitedKey);
    }

    private static async Task<HttpResponseMessage> SwitchAsync(HttpClient session, Guid organizationId, string returnUrl)
    {
        var page = await session.GetStringAsync("/groups");
        var token = System.Text.RegularExpressions.Regex.Match(page, "name=\"__RequestVerificationToken\" value=\"([^\"]+)\"").Groups[1].Value;
        return await session.PostAsync("/account/organization", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = token, ["organizationId"] = organizationId.ToString(), ["returnUrl"] = returnUrl,
        }));
    }

    private static async Task<CaseDto> CaseAsync(HttpClient client, Guid caseId) =>
        (await client.GetFromJsonAsync<CaseDto>($"/api/v1/cases/{caseId}", Json.Web))!;

    private static async Task<T> ReadAsync<T>(HttpResponseMessage response, HttpStatusCode expected)
    {
        using (response)
        {
            var body = await response.Content.ReadAsStringAsync();
            Assert.True(response.StatusCode == expected, $"{response.RequestMessage?.RequestUri} answered {(int)response.StatusCode}: {body}");
            return JsonSerializer.Deserialize<T>(body, Json.Web)!;
        }
    }

    /// <summary>The page's HTML; for a caller the page refuses, the redirect to the sign-in or access-denied page, and nothing of the page.</summary>
    private static async Task<string> ShownAsync(HttpClient session, string url, bool refused)
    {
        using var response = await session.GetAsync(url);
        if (refused)
        {
            Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
            return await response.Content.ReadAsStringAsync();
        }
        response.EnsureSuccessStatusCode();
        return await response.Content.ReadAsStringAsync();
    }
}
