using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.RegularExpressions;
using Crashdesk.Api.Contracts;
using Crashdesk.Api.Tests.Support;
using Crashdesk.Core.Environments;
using Crashdesk.Core.Tests.Support;
using Crashdesk.TestSupport;

namespace Crashdesk.Api.Tests;

/// <summary>
/// A case's environment through the API: read from the dump by the analysis (values checked
/// against crash's `sys` and `mod` and the kernel log crash printed), edited, imported,
/// versioned, compared, and shared by the cases of one crash.
/// </summary>
public sealed partial class EnvironmentApiTests
{
    private const string Debian = "debian-6.1-cloud/sysrq-c/kdump-zlib";
    private const string DebianOops = "debian-6.1-cloud/oops-null/kdump-lzo";

    [GeneratedRegex(@"^\s*(?<key>[A-Z ]+): (?<value>.*)$", RegexOptions.Multiline)]
    private static partial Regex SysLine();

    [GeneratedRegex(@"Tainted: (?<flags>[A-Z ]+?)\s{2,}\d")]
    private static partial Regex TaintedField();

    [GeneratedRegex(@"(?<name>\w+)\((?<taints>[A-Z]+)\)")]
    private static partial Regex LinkedModule();

    [Fact]
    public async Task The_Debian_dump_fills_the_environment_with_the_values_of_crash_and_the_kernel_log_each_marked_dump()
    {
        await using var factory = await ApiFactory.CreateAsync(worker: true);
        var (_, key) = await factory.CreateTenantAsync();
        using var client = factory.ClientWithKey(key);
        var caseId = await CaseFlow.CreateCaseAsync(client, "sysrq on the Debian cloud kernel");
        await CaseFlow.UploadAndWaitAsync(client, caseId, TestFixtures.DumpFile(Debian), "vmcore", 1);

        var environment = await GetAsync(client, caseId);
        var document = environment.Environment;
        Assert.Equal(1, environment.LatestVersion);
        Assert.Equal("dump", environment.Version!.Source);

        // crash's `sys`: RELEASE, VERSION, CPUS, MEMORY.
        var sys = SysLine().Matches(File.ReadAllText(Path.Combine(TestFixtures.Folder(Debian), "crash", "sys.txt")))
            .ToDictionary(m => m.Groups["key"].Value.Trim(), m => m.Groups["value"].Value.Trim());
        Assert.Equal(sys["RELEASE"], Value(document.Os, "kernelRelease"));
        Assert.Equal(sys["VERSION"], Value(document.Os, "kernelBuild"));
        Assert.Equal(sys["CPUS"], Value(document.Hardware, "cpus"));
        double mb = long.Parse(Value(document.Hardware, "memoryBytes")!, CultureInfo.InvariantCulture) / 1048576.0;
        Assert.Equal(sys["MEMORY"], $"{mb.ToString("0.0", CultureInfo.InvariantCulture)} MB");

        // The kernel log crash printed: the DMI line, the command line, CPU0's model, the banner.
        var log = TestFixtures.CrashLog(Debian).Split('\n');
        string After(string marker) => log.First(l => l.Contains(marker, StringComparison.Ordinal)).Split(marker, 2)[1].Trim();
        Assert.Equal(After("DMI: "),
            $"{Value(document.Hardware, "system")}, BIOS {Value(document.Hardware, "biosVersion")} {Value(document.Hardware, "biosDate")}");
        Assert.Equal(After("] Command line: "), Value(document.Os, "commandLine"));
        Assert.StartsWith(Value(document.Hardware, "cpuModel") + " (family: ", After("smpboot: CPU0: "));
        Assert.Equal("Linux version " + After("Linux version "), Value(document.Os, "kernelBanner"));
        // The taint letters the kernel printed in its Tainted: field ("G           OE": G is "not proprietary").
        var tainted = TaintedField().Match(string.Join('\n', log)).Groups["flags"].Value.Replace("G", "").Replace(" ", "");
        Assert.Equal(tainted, Value(document.Os, "taint"));

        // crash's `mod`: the same modules; the corpus module with the taints an oops' module list gives it (a sysrq
        // crash prints no module list: the oops of the same kernel and module build does).
        var modNames = File.ReadAllLines(Path.Combine(TestFixtures.Folder(Debian), "crash", "mod.txt")).Skip(1)
            .Select(l => l.Split(' ', StringSplitOptions.RemoveEmptyEntries)).Where(f => f.Length > 1).Select(f => f[1]).Order().ToList();
        Assert.Equal(modNames, document.Modules!.Items.Select(m => m.Name).Order().ToList());
        var linked = LinkedModule().Match(File.ReadAllText(Path.Combine(TestFixtures.Folder(DebianOops), "console.txt")));
        Assert.Equal("corpus_crash", linked.Groups["name"].Value);
        Assert.Equal(linked.Groups["taints"].Value, document.Modules.Items.Single(m => m.Name == "corpus_crash").Taints);
        Assert.Equal("dump", document.Modules.Source);

        Assert.All(document.Hardware.Values.Concat(document.Os.Values), f => Assert.Equal("dump", f.Source));
        // What the dump cannot say is unknown with a reason, not a default.
        Assert.Contains(document.Unknown, g => g.Field == "hardware.vendor" && g.Why.Contains("dmidecode", StringComparison.Ordinal));
        Assert.False(document.Hardware.ContainsKey("vendor"));
        Assert.Null(document.Packages);
        // utsname says "(none)": no host name was set, which is not a name.
        Assert.Equal("(none)", sys["NODENAME"]);
        Assert.False(document.Os.ContainsKey("hostname"));

        // A re-analysis that reads the same facts makes no new version; a person's fact outlives the next reading.
        using (var put = await client.PutAsJsonAsync($"/api/v1/cases/{caseId}/environment", EnvironmentMerge.ToInput(document) with
        {
            Hardware = new Dictionary<string, string>(EnvironmentMerge.ToInput(document).Hardware!) { ["cpuModel"] = "AMD EPYC 7763 (as the customer says)" },
        }))
            Assert.Equal(HttpStatusCode.OK, put.StatusCode);
        using (var again = await client.PostAsJsonAsync($"/api/v1/cases/{caseId}/analyses", new { }))
            Assert.True(again.IsSuccessStatusCode, await again.Content.ReadAsStringAsync());
        await CaseFlow.WaitForAnalysesAsync(client, caseId, 2, "the re-analysis");
        var after = await GetAsync(client, caseId);
        Assert.Equal(2, after.LatestVersion);
        Assert.Equal("AMD EPYC 7763 (as the customer says)", Value(after.Environment.Hardware, "cpuModel"));
        Assert.Equal("api", after.Environment.Hardware["cpuModel"].Source);
        Assert.Equal(document.Os["commandLine"], after.Environment.Os["commandLine"]);
        var versions = await client.GetAllAsync<EnvironmentVersionDto>($"/api/v1/cases/{caseId}/environment/versions");
        Assert.NotNull(versions);
        Assert.Equal([2, 1], versions.Select(v => v.Version));
        Assert.Equal(["api", "dump"], versions.Select(v => v.Source));
    }

    [Fact]
    public async Task A_console_log_fills_what_the_crashed_boot_printed_not_the_capture_kernels_boot()
    {
        await using var factory = await ApiFactory.CreateAsync(worker: true);
        var (_, key) = await factory.CreateTenantAsync();
        using var client = factory.ClientWithKey(key);
        var caseId = await CaseFlow.CreateCaseAsync(client, "oops from the console");
        var console = Path.Combine(TestFixtures.Folder(DebianOops), "console.txt");
        await CaseFlow.UploadAndWaitAsync(client, caseId, console, "console-log", 1);

        var document = (await GetAsync(client, caseId)).Environment;
        // The console holds two boots: the crashed one and kdump's capture kernel (crashkernel= is gone, elfcorehdr= is there).
        var commandLines = File.ReadLines(console).Where(l => l.Contains("] Command line: ", StringComparison.Ordinal))
            .Select(l => l.Split("] Command line: ", 2)[1].Trim()).ToList();
        Assert.Equal(2, commandLines.Count);
        Assert.Equal(commandLines[0], Value(document.Os, "commandLine"));
        Assert.Contains("crashkernel=", Value(document.Os, "commandLine"));
        // Modules from the oops' "Modules linked in:" line, with their taints.
        var linked = LinkedModule().Match(File.ReadAllText(console));
        Assert.Equal(linked.Groups["taints"].Value, document.Modules!.Items.Single(m => m.Name == linked.Groups["name"].Value).Taints);
        Assert.Equal("dump", document.Modules.Source);
    }

    [Fact]
    public async Task Two_cases_whose_packages_differ_by_three_compare_to_exactly_those_three_kernel_first()
    {
        await using var factory = await ApiFactory.CreateAsync();
        var (_, key) = await factory.CreateTenantAsync();
        using var client = factory.ClientWithKey(key);
        var left = await CaseFlow.CreateCaseAsync(client, "db1 crash");
        var right = await CaseFlow.CreateCaseAsync(client, "db2 crash");
        var packages = InstalledPackages();
        Assert.True(packages.Count > 50, "dpkg-query lists too few packages to make a test of");
        var changed = packages[10];
        var removed = packages[20];
        var added = new PackageFact("linux-image-6.1.0-99-amd64", "6.1.200-1", "amd64");
        var rightPackages = packages.Where(p => p != removed).Select(p => p == changed ? p with { Version = p.Version + "+hotfix1" } : p).Append(added).ToList();
        await PutAsync(client, left, new EnvironmentInput { Packages = packages, Hardware = new Dictionary<string, string> { ["biosVersion"] = "2.3.1" } });
        await PutAsync(client, right, new EnvironmentInput { Packages = rightPackages, Hardware = new Dictionary<string, string> { ["biosVersion"] = "2.4.0" } });

        var comparison = await client.GetFromJsonAsync<EnvironmentComparisonDto>(
            $"/api/v1/environment-comparisons?left=case:{left}&right=case:{right}", Json.Web);
        var differences = comparison!.Comparison.Packages;
        Assert.Equal(3, differences.Count);
        Assert.Equal(added.Name, differences[0].Name);
        Assert.Equal("added", differences[0].Change);
        Assert.Equal(added.Version, differences[0].Right);
        Assert.Contains(differences, d => d.Name == removed.Name && d.Change == "removed" && d.Left == removed.Version && d.Right is null);
        Assert.Contains(differences, d => d.Name == changed.Name && d.Change == "changed" && d.Left == changed.Version && d.Right == changed.Version + "+hotfix1");
        Assert.Equal(packages.Count - 2, comparison.Comparison.SamePackages);
        var bios = Assert.Single(comparison.Comparison.Facts);
        Assert.Equal(("hardware.biosVersion", "2.3.1", "2.4.0"), (bios.Path, bios.Left, bios.Right));
        Assert.Equal($"case:{left}", comparison.Left.Reference);
    }

    [Fact]
    public async Task The_cases_of_one_crash_show_what_they_share_and_where_they_differ()
    {
        await using var factory = await ApiFactory.CreateAsync(worker: true);
        var (_, key) = await factory.CreateTenantAsync();
        using var client = factory.ClientWithKey(key);
        // Three cases of one crash: the same oops' console log three times (one signature).
        var console = Path.Combine(TestFixtures.Folder(DebianOops), "console.txt");
        var cases = new List<Guid>();
        foreach (var (bios, fooVersion) in new[] { ("2.3.1", "1.2"), ("2.3.1", "1.2"), ("2.3.1", null) })
        {
            var id = await CaseFlow.CreateCaseAsync(client, $"oops {cases.Count}");
            await CaseFlow.UploadAndWaitAsync(client, id, console, "console-log", 1);
            var current = EnvironmentMerge.ToInput((await GetAsync(client, id)).Environment);
            var modules = current.Modules!.ToList();
            if (fooVersion is not null)
                modules.Add(new ModuleFact("foo", fooVersion, "O"));
            await PutAsync(client, id, current with
            {
                Hardware = new Dictionary<string, string>(current.Hardware!) { ["biosVersion"] = bios },
                Modules = modules,
            });
            cases.Add(id);
        }
        var other = await CaseFlow.CreateCaseAsync(client, "another crash");
        await CaseFlow.UploadAndWaitAsync(client, other, Path.Combine(TestFixtures.Folder("mini-6.1-lockdep/hung-mutex/kdump-zstd"), "console.txt"), "console-log", 1);

        var shared = await client.GetFromJsonAsync<SharedEnvironmentDto>($"/api/v1/cases/{cases[0]}/environment/shared", Json.Web);
        Assert.Equal(cases.Order(), shared!.Cases.Select(c => c.Id).Order());
        Assert.Equal(3, shared.Consensus.Cases);
        Assert.Contains(shared.Consensus.Shared, f => f.Name == "BIOS/firmware version" && f.Value == "2.3.1");
        Assert.Contains(shared.Consensus.Shared, f => f.Name == "module corpus_crash");
        var foo = Assert.Single(shared.Consensus.Differing, d => d.Name == "module foo");
        Assert.Equal([("loaded 1.2 (O)", 2), ("not loaded", 1)], foo.Values.Select(v => (v.Value, v.Count)));
        Assert.DoesNotContain(shared.Cases, c => c.Id == other);
    }

    [Fact]
    public async Task A_customer_environment_is_named_linked_snapshotted_from_a_case_and_compared()
    {
        await using var factory = await ApiFactory.CreateAsync();
        var (_, key) = await factory.CreateTenantAsync();
        var (_, otherKey) = await factory.CreateTenantAsync("Other support centre");
        using var client = factory.ClientWithKey(key);
        using var stranger = factory.ClientWithKey(otherKey);
        var caseId = await CaseFlow.CreateCaseAsync(client, "db1");
        await PutAsync(client, caseId, new EnvironmentInput
        {
            Hardware = new Dictionary<string, string> { ["vendor"] = "Dell Inc.", ["product"] = "PowerEdge R740", ["memoryBytes"] = "274877906944" },
            Applications = [new ApplicationFact("PostgreSQL", "15.8", "shared_buffers = 64GB")],
        });

        using var created = await client.PostAsJsonAsync("/api/v1/environments", new CreateEnvironmentRequest("ACME production DB cluster", "three nodes"));
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var environment = await Json.ReadAsync<CustomerEnvironmentDto>(created);
        using (var duplicate = await client.PostAsJsonAsync("/api/v1/environments", new CreateEnvironmentRequest("acme PRODUCTION db cluster", null)))
            Assert.Equal(HttpStatusCode.BadRequest, duplicate.StatusCode);

        using (var link = await client.PostAsJsonAsync($"/api/v1/cases/{caseId}/environment/link", new LinkEnvironmentRequest(environment.Id)))
            Assert.Equal(HttpStatusCode.NoContent, link.StatusCode);
        using (var snapshot = await client.PostAsJsonAsync($"/api/v1/environments/{environment.Id}/snapshots", new SnapshotFromCaseRequest(caseId)))
            Assert.Equal(HttpStatusCode.OK, snapshot.StatusCode);
        var fetched = await client.GetFromJsonAsync<EnvironmentDto>($"/api/v1/environments/{environment.Id}", Json.Web);
        Assert.Equal(1, fetched!.LatestVersion);
        Assert.Equal("PowerEdge R740", Value(fetched.Environment.Hardware, "product"));
        Assert.StartsWith("taken from case \"db1\"", fetched.Version!.Summary);
        var linkedCases = await client.GetAllAsync<EnvironmentCaseDto>($"/api/v1/environments/{environment.Id}/cases");
        Assert.Equal([caseId], linkedCases!.Select(c => c.Id));
        Assert.Equal(environment.Id, (await GetAsync(client, caseId)).LinkedEnvironment!.Id);

        // The case moves on (more memory); the comparison with its customer environment says so.
        await PutAsync(client, caseId, new EnvironmentInput
        {
            Hardware = new Dictionary<string, string> { ["vendor"] = "Dell Inc.", ["product"] = "PowerEdge R740", ["memoryBytes"] = "549755813888" },
            Applications = [new ApplicationFact("PostgreSQL", "15.8", "shared_buffers = 64GB")],
        });
        var comparison = await client.GetFromJsonAsync<EnvironmentComparisonDto>(
            $"/api/v1/environment-comparisons?left=environment:{environment.Id}&right=case:{caseId}", Json.Web);
        var memory = Assert.Single(comparison!.Comparison.Facts);
        Assert.Equal(("274877906944", "549755813888"), (memory.Left, memory.Right));
        Assert.Equal("ACME production DB cluster", comparison.Left.Title);

        // Another organisation sees none of it.
        Assert.Equal(HttpStatusCode.NotFound, (await stranger.GetAsync($"/api/v1/environments/{environment.Id}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await stranger.GetAsync($"/api/v1/cases/{caseId}/environment")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound,
            (await stranger.GetAsync($"/api/v1/environment-comparisons?left=environment:{environment.Id}&right=case:{caseId}")).StatusCode);
        Assert.Empty((await stranger.GetAllAsync<CustomerEnvironmentDto>("/api/v1/environments"))!);
    }

    [Fact]
    public async Task Edits_are_checked_versioned_and_refused_on_a_stale_version_and_a_json_import_merges()
    {
        await using var factory = await ApiFactory.CreateAsync();
        var (_, key) = await factory.CreateTenantAsync();
        using var client = factory.ClientWithKey(key);
        var caseId = await CaseFlow.CreateCaseAsync(client, "edits");

        var empty = await client.GetAsync($"/api/v1/cases/{caseId}/environment");
        Assert.Equal("\"e0\"", empty.Headers.ETag!.Tag);
        var none = await Json.ReadAsync<EnvironmentDto>(empty);
        Assert.Null(none.Version);
        Assert.Empty(none.Environment.Hardware);

        using (var bad = await client.PutAsJsonAsync($"/api/v1/cases/{caseId}/environment",
            new EnvironmentInput { Hardware = new Dictionary<string, string> { ["colour"] = "red", ["cpus"] = "four" } }))
        {
            Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
            var text = await bad.Content.ReadAsStringAsync();
            Assert.Contains("hardware.colour", text);
            Assert.Contains("not a whole number", text);
        }

        await PutAsync(client, caseId, new EnvironmentInput { Os = new Dictionary<string, string> { ["distribution"] = "Debian GNU/Linux" } });
        using (var stale = new HttpRequestMessage(HttpMethod.Put, $"/api/v1/cases/{caseId}/environment")
        {
            Content = JsonContent.Create(new EnvironmentInput { Notes = "stale" }, options: Json.Web),
        })
        {
            stale.Headers.IfMatch.Add(new System.Net.Http.Headers.EntityTagHeaderValue("\"e0\""));
            using var response = await client.SendAsync(stale);
            Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
        }

        using (var import = await client.PostAsJsonAsync($"/api/v1/cases/{caseId}/environment/import",
            new EnvironmentInput { Os = new Dictionary<string, string> { ["timeZone"] = "Europe/Berlin" } }, Json.Web))
            Assert.Equal(HttpStatusCode.OK, import.StatusCode);
        var merged = await GetAsync(client, caseId);
        Assert.Equal(2, merged.LatestVersion);
        Assert.Equal("Debian GNU/Linux", Value(merged.Environment.Os, "distribution"));
        Assert.Equal("Europe/Berlin", Value(merged.Environment.Os, "timeZone"));
        Assert.All(merged.Environment.Os.Values, f => Assert.Equal("api", f.Source));
    }

    private static string? Value(IReadOnlyDictionary<string, Fact> section, string key) => section.TryGetValue(key, out var fact) ? fact.Value : null;

    private static async Task<EnvironmentDto> GetAsync(HttpClient client, Guid caseId)
    {
        using var response = await client.GetAsync($"/api/v1/cases/{caseId}/environment");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await Json.ReadAsync<EnvironmentDto>(response);
    }

    private static async Task PutAsync(HttpClient client, Guid caseId, EnvironmentInput input)
    {
        using var response = await client.PutAsJsonAsync($"/api/v1/cases/{caseId}/environment", input, Json.Web);
        Assert.True(response.StatusCode == HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
    }

    /// <summary>This machine's installed packages, as dpkg knows them (real names and versions to compare).</summary>
    private static List<PackageFact> InstalledPackages() =>
        [.. ReferenceTools.Run("dpkg-query", "-W", "-f", "${Package}\t${Version}\t${Architecture}\n")
            .Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(l => l.Split('\t'))
            .Select(f => new PackageFact(f[0], f[1], f[2]))];
}
