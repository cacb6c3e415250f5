using System.Net;
using System.Net.Http.Json;
using Crashdesk.Api.Contracts;
using Crashdesk.Api.Tests.Support;
using Crashdesk.Core.Auth;
using Crashdesk.Core.Tests.Support;

namespace Crashdesk.Api.Tests;

/// <summary>
/// POST /api/v1/cases/{id}/console for automation, with the in-process worker (real PostgreSQL, local store)
/// on the Debian sysrq-c dump; expected text from the fixture's crash references (crash/sys.txt, meta.json).
/// </summary>
public sealed class ConsoleApiTests
{
    private const string Dump = "debian-6.1-cloud/sysrq-c/kdump-zlib";

    [Fact]
    public async Task A_command_runs_on_the_stored_dump_waits_or_answers_202_and_customers_need_the_organisations_consent()
    {
        await using var factory = await ApiFactory.CreateAsync(worker: true);
        var (admin, adminKey) = await factory.CreateTenantAsync(role: OrganizationRole.Admin);
        var (_, customerKey) = await factory.AddUserAsync(admin.OrganizationId, "Customer", OrganizationRole.Customer);
        using var api = factory.ClientWithKey(adminKey);
        using var customer = factory.ClientWithKey(customerKey);

        var caseId = await CaseFlow.CreateCaseAsync(api, "console over the API");
        using (var early = await api.PostAsJsonAsync($"/api/v1/cases/{caseId}/console", new ConsoleCommandRequest("sys", null)))
        {
            Assert.Equal(HttpStatusCode.Conflict, early.StatusCode);
            Assert.Contains("no analysed dump", await early.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }
        await CaseFlow.UploadAndWaitAsync(api, caseId, TestFixtures.DumpFile(Dump), "vmcore", 1);

        var access = await api.GetFromJsonAsync<ConsoleAccessDto>($"/api/v1/cases/{caseId}/console", Json.Web);
        Assert.True(access!.Allowed, access.Reason);
        Assert.Equal(Path.GetFileName(TestFixtures.DumpFile(Dump)), access.DumpFileName);

        using var sys = await api.PostAsJsonAsync($"/api/v1/cases/{caseId}/console", new ConsoleCommandRequest("sys", 60_000));
        Assert.Equal(HttpStatusCode.OK, sys.StatusCode);
        var sysDto = await Json.ReadAsync<ConsoleCommandDto>(sys);
        Assert.Equal("done", sysDto.Status);
        string crashSys = File.ReadAllText(Path.Combine(TestFixtures.Folder(Dump), "crash", "sys.txt"));
        foreach (string field in new[] { "RELEASE", "PANIC", "CPUS" })
            Assert.Contains(crashSys.Split('\n').Single(l => l.TrimStart().StartsWith(field + ":", StringComparison.Ordinal)).Trim(), sysDto.Output, StringComparison.Ordinal);
        Assert.True(sysDto.BytesRead > 0);

        // wait 0: 202 at once with the command's URL; the URL answers once it ended.
        using var queued = await api.PostAsJsonAsync($"/api/v1/cases/{caseId}/console", new ConsoleCommandRequest("frobnicate", 0));
        Assert.Equal(HttpStatusCode.Accepted, queued.StatusCode);
        var location = queued.Headers.Location!.ToString();
        var ended = await api.GetFromJsonAsync<ConsoleCommandDto>(location + "?wait=60000", Json.Web);
        Assert.Equal("failed", ended!.Status);
        Assert.Equal("crash: command not found: frobnicate\n", ended.Output);
        Assert.Equal("crash: command not found: frobnicate", ended.Error);

        var history = await api.GetFromJsonAsync<List<ConsoleCommandDto>>($"/api/v1/cases/{caseId}/console/commands", Json.Web);
        Assert.Equal(["sys", "frobnicate"], history!.Select(h => h.Command));
        var completions = await api.GetFromJsonAsync<ConsoleCompletionsDto>($"/api/v1/cases/{caseId}/console/completions?line=sy", Json.Web);
        Assert.Equal(["sym", "sys"], completions!.Candidates);
        // A later word completes on the worker, on the dump: a symbol of the crashed kernel.
        var symbols = await api.GetFromJsonAsync<ConsoleCompletionsDto>($"/api/v1/cases/{caseId}/console/completions?line=sym%20sysrq_handle_cr", Json.Web);
        Assert.Contains("sysrq_handle_crash", symbols!.Candidates);

        using (var refused = await customer.PostAsJsonAsync($"/api/v1/cases/{caseId}/console", new ConsoleCommandRequest("sys", 0)))
            Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        using (var opened = await api.PutAsJsonAsync("/api/v1/organization/console-access", new SetConsoleAccessRequest(true)))
            Assert.Equal(HttpStatusCode.OK, opened.StatusCode);
        using var allowed = await customer.PostAsJsonAsync($"/api/v1/cases/{caseId}/console", new ConsoleCommandRequest("help", 60_000));
        Assert.Equal(HttpStatusCode.OK, allowed.StatusCode);
        Assert.Contains("sys", (await Json.ReadAsync<ConsoleCommandDto>(allowed)).Output, StringComparison.Ordinal);

        using var tooLong = await api.PostAsJsonAsync($"/api/v1/cases/{caseId}/console", new ConsoleCommandRequest(new string('x', 1001), 0));
        Assert.Equal(HttpStatusCode.BadRequest, tooLong.StatusCode);
        using var otherCase = await api.PostAsJsonAsync($"/api/v1/cases/{Guid.NewGuid()}/console", new ConsoleCommandRequest("sys", 0));
        Assert.Equal(HttpStatusCode.NotFound, otherCase.StatusCode);
    }
}
