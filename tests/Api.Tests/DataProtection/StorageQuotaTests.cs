using System.Net;
using System.Net.Http.Json;
using Crashdesk.Api.Contracts;
using Crashdesk.Api.Tests.Support;
using Crashdesk.Core.Auth;
using Crashdesk.Core.Storage;
using Microsoft.Extensions.DependencyInjection;

namespace Crashdesk.Api.Tests.DataProtection;

/// <summary>Per-organisation storage quota: an upload over it is refused with 413 naming the file, the quota and the use; nothing kept.</summary>
public sealed class StorageQuotaTests
{
    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task An_upload_over_the_quota_is_refused_with_413_and_nothing_is_kept(bool s3)
    {
        await using var factory = await ApiFactory.CreateAsync(s3: s3);
        var (_, key) = await factory.CreateTenantAsync(role: OrganizationRole.Admin);
        using var client = factory.ClientWithKey(key);
        var caseId = await CaseFlow.CreateCaseAsync(client, "quota");
        using (var quota = await client.PutAsJsonAsync("/api/v1/organization/quota", new SetQuotaRequest(1000)))
            Assert.Equal(HttpStatusCode.OK, quota.StatusCode);

        using var first = await client.PutAsync($"/api/v1/cases/{caseId}/artifacts/first.bin?kind=other", new ByteArrayContent(new byte[600]));
        // Unsized (chunked), as a streaming client sends it: the store stops at the room left.
        using var second = await client.PutAsync($"/api/v1/cases/{caseId}/artifacts/second.bin?kind=other", new UnsizedContent(600, seed: 3));
        var usage = await client.GetFromJsonAsync<StorageQuotaDto>("/api/v1/organization/quota", Json.Web);

        Assert.Equal(HttpStatusCode.Created, first.StatusCode);
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, second.StatusCode);
        var problem = await Json.ReadElementAsync(second);
        Assert.Equal("Storage quota exceeded", problem.GetProperty("title").GetString());
        var detail = problem.GetProperty("detail").GetString()!;
        Assert.StartsWith("second.bin does not fit the organisation's storage quota of 1000 bytes: 600 bytes are in use, 400 left.", detail);
        Assert.Equal(1000, usage!.Bytes);
        Assert.Equal(600, usage.UsedBytes);
        var details = await client.GetFromJsonAsync<CaseDto>($"/api/v1/cases/{caseId}", Json.Web);
        Assert.Single(details!.Artifacts);
        var store = factory.Services.GetRequiredService<IBlobStore>();
        var keys = new List<string>();
        await foreach (var k in store.ListKeysAsync($"cases/{caseId:N}/"))
            keys.Add(k);
        Assert.Single(keys);
    }

    [Fact]
    public async Task Two_uploads_that_each_fit_alone_but_not_together_land_one_and_refuse_the_other()
    {
        await using var factory = await ApiFactory.CreateAsync();
        var (_, key) = await factory.CreateTenantAsync(role: OrganizationRole.Admin);
        using var client = factory.ClientWithKey(key);
        var caseId = await CaseFlow.CreateCaseAsync(client, "quota race");
        using (var quota = await client.PutAsJsonAsync("/api/v1/organization/quota", new SetQuotaRequest(1000)))
            Assert.Equal(HttpStatusCode.OK, quota.StatusCode);

        // Both start while the organisation uses nothing, so each sees 1000 bytes of room as it streams.
        var uploads = await Task.WhenAll(Enumerable.Range(0, 2).Select(i =>
            client.PutAsync($"/api/v1/cases/{caseId}/artifacts/part{i}.bin?kind=other", new ByteArrayContent(new byte[600]))));
        var usage = await client.GetFromJsonAsync<StorageQuotaDto>("/api/v1/organization/quota", Json.Web);

        Assert.Equal([HttpStatusCode.Created, HttpStatusCode.RequestEntityTooLarge], uploads.Select(u => u.StatusCode).Order());
        var refused = uploads.Single(u => u.StatusCode == HttpStatusCode.RequestEntityTooLarge);
        Assert.Contains("600 bytes are in use, 400 left", (await Json.ReadElementAsync(refused)).GetProperty("detail").GetString());
        Assert.Equal(600, usage!.UsedBytes);
        var keys = new List<string>();
        await foreach (var k in factory.Services.GetRequiredService<IBlobStore>().ListKeysAsync($"cases/{caseId:N}/"))
            keys.Add(k);
        Assert.Single(keys);
        foreach (var upload in uploads)
            upload.Dispose();
    }

    [Fact]
    public async Task A_debug_kernel_over_the_quota_is_refused_too()
    {
        await using var factory = await ApiFactory.CreateAsync();
        var (_, key) = await factory.CreateTenantAsync(role: OrganizationRole.Admin);
        using var client = factory.ClientWithKey(key);
        using (var quota = await client.PutAsJsonAsync("/api/v1/organization/quota", new SetQuotaRequest(100)))
            Assert.Equal(HttpStatusCode.OK, quota.StatusCode);

        using var upload = await client.PutAsync("/api/v1/debug-kernels/vmlinux-big", new ByteArrayContent(new byte[500]));

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, upload.StatusCode);
        Assert.StartsWith("vmlinux-big does not fit the organisation's storage quota of 100 bytes: 0 bytes are in use, 100 left.",
            (await Json.ReadElementAsync(upload)).GetProperty("detail").GetString());
        var library = await client.GetStringAsync("/api/v1/debug-kernels");
        Assert.DoesNotContain("vmlinux-big", library);
    }

    [Fact]
    public async Task The_quota_is_for_administrators_and_may_not_be_negative()
    {
        await using var factory = await ApiFactory.CreateAsync();
        var (admin, adminKey) = await factory.CreateTenantAsync(role: OrganizationRole.Admin);
        var (_, engineerKey) = await factory.AddUserAsync(admin.OrganizationId, "Engineer");
        using var client = factory.ClientWithKey(adminKey);
        using var engineer = factory.ClientWithKey(engineerKey);

        using var negative = await client.PutAsJsonAsync("/api/v1/organization/quota", new SetQuotaRequest(-5));
        using var forbidden = await engineer.GetAsync("/api/v1/organization/quota");

        Assert.Equal(HttpStatusCode.BadRequest, negative.StatusCode);
        Assert.Contains("bytes must be 0 or more", await negative.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.Forbidden, forbidden.StatusCode);
    }
}
