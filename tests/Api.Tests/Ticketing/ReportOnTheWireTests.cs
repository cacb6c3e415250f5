using System.Net;
using System.Text.Json;
using System.Text.RegularExpressions;
using Crashdesk.Api.Tests.Support;
using Crashdesk.Core.Tests.Support;

namespace Crashdesk.Api.Tests.Ticketing;

/// <summary>Kernel addresses on the wire are "0x…" strings, exactly drgn's and crash's (a JavaScript client cannot corrupt them); the report's parts alone.</summary>
public sealed partial class ReportOnTheWireTests
{
    // The Debian kernel has BTF: tasks, backtraces and locks without a debug kernel.
    private const string Dump = "debian-6.1-cloud/sysrq-c/kdump-zlib";

    [Fact]
    public async Task Task_addresses_in_the_report_are_hex_strings_equal_to_drgn_and_crash()
    {
        await using var factory = await ApiFactory.CreateAsync(worker: true);
        var (_, key) = await factory.CreateTenantAsync();
        using var api = factory.ClientWithKey(key);
        var caseId = await CaseFlow.CreateCaseAsync(api, "hex addresses");
        await CaseFlow.UploadAndWaitAsync(api, caseId, TestFixtures.DumpFile(Dump), "vmcore", 1);

        using var response = await api.GetAsync($"/api/v1/cases/{caseId}/report");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var document = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        var tasks = document.RootElement.GetProperty("report").GetProperty("tasks").EnumerateArray().ToList();
        string AddressOf(int pid, string comm) => tasks.Single(t => t.GetProperty("pid").GetInt32() == pid && t.GetProperty("comm").GetString() == comm)
            .GetProperty("address") is { ValueKind: JsonValueKind.String } address ? address.GetString()! : "(not a string)";

        // drgn's task addresses for PID > 0 (crash's ps misses tasks on these kernels: fixtures/README.md); crash's
        // ps for the idle tasks, one per CPU, which drgn does not list.
        using var drgn = JsonDocument.Parse(File.ReadAllText(Path.Combine(TestFixtures.Folder(Dump), "drgn.json")));
        var drgnTasks = drgn.RootElement.GetProperty("tasks").EnumerateArray().ToList();
        Assert.True(drgnTasks.Count > 50, "drgn.json lists too few tasks");
        foreach (var task in drgnTasks)
            Assert.Equal(task.GetProperty("task").GetString(), AddressOf(task.GetProperty("pid").GetInt32(), task.GetProperty("comm").GetString()!));
        var idle = PsLine().Matches(File.ReadAllText(Path.Combine(TestFixtures.Folder(Dump), "crash", "ps.txt"))).Where(m => m.Groups["pid"].Value == "0").ToList();
        Assert.Equal(4, idle.Count);
        foreach (Match line in idle)
            Assert.Equal("0x" + line.Groups["task"].Value, AddressOf(0, line.Groups["comm"].Value.Trim('[', ']')));
        // No 64-bit number anywhere in the report is left a JSON number above 2^53.
        Assert.Empty(LargeNumbers(document.RootElement).Take(5));

        // The parts a ticket can show alone: the same data as the whole report, against crash's sys and log.
        var sys = File.ReadAllText(Path.Combine(TestFixtures.Folder(Dump), "crash", "sys.txt"));
        var part = await Json.ReadElementAsync(await api.GetAsync($"/api/v1/cases/{caseId}/report/tasks"));
        Assert.Equal(1, part.GetProperty("version").GetInt32());
        Assert.Equal(tasks.Count, part.GetProperty("data").GetArrayLength());
        Assert.Equal(drgnTasks.Count + idle.Count, part.GetProperty("data").GetArrayLength());
        var environment = (await Json.ReadElementAsync(await api.GetAsync($"/api/v1/cases/{caseId}/report/environment"))).GetProperty("data");
        Assert.Equal(int.Parse(Regex.Match(sys, @"CPUS: (\d+)").Groups[1].Value), environment.GetProperty("system").GetProperty("cpus").GetInt32());
        // TASKS as crash would count on a healthy kernel (docs/acceptance-notes.md): drgn's tasks and one idle task per CPU.
        Assert.Equal(drgnTasks.Count + idle.Count, environment.GetProperty("system").GetProperty("tasks").GetInt32());
        var log = (await Json.ReadElementAsync(await api.GetAsync($"/api/v1/cases/{caseId}/report/log"))).GetProperty("data");
        Assert.Contains(Regex.Match(sys, "PANIC: \"(.*)\"").Groups[1].Value, log.GetProperty("panicLine").GetString());
        Assert.Contains("[    6.897775] sysrq: Trigger a crash", log.GetProperty("kernelLog").GetString());
        foreach (var name in new[] { "backtraces", "locks" })
        {
            using var other = await api.GetAsync($"/api/v1/cases/{caseId}/report/{name}");
            Assert.Equal(HttpStatusCode.OK, other.StatusCode);
        }
        var active = (await Json.ReadElementAsync(await api.GetAsync($"/api/v1/cases/{caseId}/report/backtraces"))).GetProperty("data").GetProperty("active");
        Assert.Equal(environment.GetProperty("system").GetProperty("cpus").GetInt32(), active.GetArrayLength());
    }

    private static IEnumerable<string> LargeNumbers(JsonElement element) => element.ValueKind switch
    {
        JsonValueKind.Object => element.EnumerateObject().SelectMany(p => LargeNumbers(p.Value)),
        JsonValueKind.Array => element.EnumerateArray().SelectMany(LargeNumbers),
        JsonValueKind.Number when !element.TryGetInt64(out var n) || Math.Abs(n) > (1L << 53) => [element.GetRawText()],
        _ => [],
    };

    [GeneratedRegex(@"^>?\s+(?<pid>\d+)\s+\d+\s+\d+\s+(?<task>[0-9a-f]{16})\s+\S+\s+[\d.]+\s+\d+\s+\d+\s+(?<comm>\S+)\s*$", RegexOptions.Multiline)]
    private static partial Regex PsLine();
}
