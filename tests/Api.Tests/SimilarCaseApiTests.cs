using System.Net;
using System.Net.Http.Json;
using Crashdesk.Api.Contracts;
using Crashdesk.Api.Tests.Support;
using Crashdesk.Core.Tests.Support;

namespace Crashdesk.Api.Tests;

/// <summary>
/// Similar cases over real analyses: the dump of a crash is the most similar case to its own console
/// log (the same signature, guilty frame and call trace), a different crash of the same module ranks
/// below it, and nothing is the case itself or another organisation's.
/// </summary>
public sealed class SimilarCaseApiTests
{
    [Fact]
    public async Task The_dump_of_the_same_crash_ranks_first_with_its_reasons()
    {
        await using var factory = await ApiFactory.CreateAsync(worker: true);
        var (_, key) = await factory.CreateTenantAsync();
        using var client = factory.ClientWithKey(key);
        const string fixture = "debian-6.1-cloud/oops-null/kdump-lzo";
        string logs = Path.Combine(TestFixtures.Root, "logs", "debian-6.1-cloud");
        var console = await CaseFlow.CreateWithFileAsync(client, "console", Path.Combine(TestFixtures.Folder(fixture), "console.txt"), "console-log");
        var dump = await CaseFlow.CreateWithFileAsync(client, "dump", TestFixtures.DumpFile(fixture), "vmcore");
        var others = new List<Guid>();
        foreach (var name in new[] { "bug", "warn", "oom", "softlockup" })
            others.Add(await CaseFlow.CreateWithFileAsync(client, name, Path.Combine(logs, $"{name}.console.txt"), "console-log"));
        foreach (var id in others.Append(console).Append(dump))
            await CaseFlow.WaitForAnalysesAsync(client, id, 1, "a fixture");

        var similar = (await client.GetAllAsync<SimilarCaseDto>($"/api/v1/cases/{console}/similar"))!;

        Assert.NotEmpty(similar);
        Assert.True(similar.Count <= 10);
        Assert.DoesNotContain(similar, s => s.Id == console);
        var first = similar[0];
        Assert.Equal(dump, first.Id);
        Assert.Contains("same crash signature", first.Reasons);
        Assert.Contains(first.Reasons, r => r.StartsWith("same guilty frame ", StringComparison.Ordinal));
        Assert.Equal(similar.OrderByDescending(s => s.Score).Select(s => s.Id), similar.Select(s => s.Id));
        Assert.All(similar.Skip(1), s => Assert.True(s.Score < first.Score, $"{s.Title} scores {s.Score} against the dump's {first.Score}"));
        Assert.All(similar, s => Assert.NotEmpty(s.Reasons));

        var (_, otherKey) = await factory.CreateTenantAsync();
        using var stranger = factory.ClientWithKey(otherKey);
        using var foreign = await stranger.GetAsync($"/api/v1/cases/{console}/similar");
        Assert.Equal(HttpStatusCode.NotFound, foreign.StatusCode);
    }
}
