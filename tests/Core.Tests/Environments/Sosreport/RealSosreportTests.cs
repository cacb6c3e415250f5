using System.Text.Json;
using System.Text.RegularExpressions;
using Crashdesk.Core.Environments;

using Crashdesk.Core.Tests.Support;

namespace Crashdesk.Core.Tests.Environments.Sosreport;

/// <summary>
/// A real sosreport of this machine (made by sos for the run) against what this machine's own tools
/// say: dpkg and dpkg-query, uname, /proc, lscpu's JSON, free, sysctl, python's os-release reader,
/// dmidecode and lsmod. Nothing expected here comes from the reader's own output.
/// </summary>
public sealed partial class RealSosreportTests
{
    [Fact]
    public async Task Packages_are_the_installed_rows_of_dpkg_l_on_this_machine()
    {
        var document = await RealSosreport.DocumentAsync();
        // dpkg -l's rows: desired, status, error flag. Status n (not installed) and c (config files of a removed package) are no installed package.
        var rows = Programs.Try("dpkg", "-l").Output().Split('\n').Where(l => DpkgRow().IsMatch(l)).ToList();
        int installed = rows.Count(r => r[1] is not ('n' or 'c'));
        Assert.True(installed > 50, $"dpkg -l lists only {installed} installed packages");

        Assert.Equal(installed, document.Packages!.Items.Count);
    }

    [Fact]
    public async Task Every_package_has_the_name_version_and_architecture_dpkg_query_gives()
    {
        var document = await RealSosreport.DocumentAsync();
        var expected = Programs.Try("dpkg-query", "-W", "-f", "${db:Status-Abbrev}\t${binary:Package}\t${Version}\t${Architecture}\n").Output()
            .Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(l => l.Split('\t'))
            .Where(f => f[0][1] is not ('n' or 'c'))
            .Select(f => (Name: f[1].Split(':')[0], Version: f[2], Arch: (string?)f[3]))
            .Order()
            .ToList();

        Assert.Equal(expected, document.Packages!.Items.Select(p => (p.Name, p.Version, p.Arch)).Order().ToList());
    }

    [Fact]
    public async Task Kernel_release_build_and_architecture_are_unames()
    {
        var os = (await RealSosreport.DocumentAsync()).Os;

        Assert.Equal(Programs.Try("uname", "-r").Output().Trim(), os["kernelRelease"].Value);
        Assert.Equal(Programs.Try("uname", "-v").Output().Trim(), os["kernelBuild"].Value);
        Assert.Equal(Programs.Try("uname", "-m").Output().Trim(), os["architecture"].Value);
    }

    [Fact]
    public async Task Command_line_is_proc_cmdline() =>
        Assert.Equal(File.ReadAllText("/proc/cmdline").Trim(), (await RealSosreport.DocumentAsync()).Os["commandLine"].Value);

    [Fact]
    public async Task Taint_is_the_letters_of_proc_sys_kernel_tainted() =>
        Assert.Equal(KernelTaintLetters.FromMask(ulong.Parse(File.ReadAllText("/proc/sys/kernel/tainted").Trim(), System.Globalization.CultureInfo.InvariantCulture)),
            (await RealSosreport.DocumentAsync()).Os["taint"].Value);

    [Fact]
    public async Task Host_name_is_the_kernels_node_name() =>
        Assert.Equal(File.ReadAllText("/proc/sys/kernel/hostname").Trim(), (await RealSosreport.DocumentAsync()).Os["hostname"].Value);

    [Fact]
    public async Task Distribution_is_what_pythons_os_release_reader_says()
    {
        var os = (await RealSosreport.DocumentAsync()).Os;
        var release = Programs.Try("python3", "-c",
            "import platform; r = platform.freedesktop_os_release(); print(r['NAME']); print(r.get('VERSION_ID') or r.get('VERSION', ''))").Output().Split('\n');

        Assert.Equal(release[0], os["distribution"].Value);
        Assert.Equal(release[1], os["distributionRelease"].Value);
    }

    [Fact]
    public async Task Cpu_facts_are_lscpus_json()
    {
        var document = await RealSosreport.DocumentAsync();
        var lscpu = new Dictionary<string, string>();
        using (var json = JsonDocument.Parse(Programs.Try("lscpu", "-J").Output()))
            Flatten(json.RootElement.GetProperty("lscpu"), lscpu);
        Assert.NotEmpty(lscpu);

        foreach (var (field, key) in new[]
                 {
                     ("cpuModel", "Model name:"), ("cpus", "CPU(s):"), ("sockets", "Socket(s):"), ("coresPerSocket", "Core(s) per socket:"),
                     ("threadsPerCore", "Thread(s) per core:"), ("numaNodes", "NUMA node(s):"), ("hypervisor", "Hypervisor vendor:"),
                 })
        {
            if (lscpu.TryGetValue(key, out string? value))
                Assert.Equal(value, document.Hardware.GetValueOrDefault(field)?.Value);
            else
                Assert.Contains(document.Unknown, g => g.Field == $"hardware.{field}");
        }
    }

    [Fact]
    public async Task Memory_is_frees_total()
    {
        var mem = Programs.Try("free", "-b").Output().Split('\n').Single(l => l.StartsWith("Mem:", StringComparison.Ordinal));

        Assert.Equal(mem.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], (await RealSosreport.DocumentAsync()).Hardware["memoryBytes"].Value);
    }

    [Fact]
    public async Task Sysctls_are_the_settings_sysctl_a_prints()
    {
        var document = await RealSosreport.DocumentAsync();
        var names = Programs.Try("sysctl", "-a").Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(l => l.Split(" = ", 2)[0].TrimEnd(' ', '=')).ToHashSet();
        var read = document.Sysctls!.Items.ToDictionary(s => s.Name, s => s.Value);

        Assert.True(names.Count > 100);
        Assert.Equal(names.Order(), read.Keys.Order());
        Assert.Equal(Programs.Try("sysctl", "-n", "kernel.ostype").Output().Trim(), read["kernel.ostype"]);
        Assert.Equal(Programs.Try("sysctl", "-n", "kernel.osrelease").Output().Trim(), read["kernel.osrelease"]);
        // A value of several lines (Linux 6.x) is one setting, as the kernel's file holds it.
        if (File.Exists("/proc/sys/kernel/core_modes"))
            Assert.Equal(File.ReadAllText("/proc/sys/kernel/core_modes").TrimEnd('\n'), read["kernel.core_modes"]);
    }

    [Fact]
    public async Task Dmidecode_gives_the_firmwares_strings_or_its_error_as_a_gap()
    {
        var document = await RealSosreport.DocumentAsync();
        var manufacturer = Programs.Try("dmidecode", "-s", "system-manufacturer");
        if (manufacturer.ExitCode == 0 && manufacturer.Stdout.Trim().Length > 0)
        {
            Assert.Equal(manufacturer.Stdout.Trim(), document.Hardware["vendor"].Value);
            Assert.Equal(Programs.Try("dmidecode", "-s", "system-product-name").Output().Trim(), document.Hardware["product"].Value);
            Assert.Equal(Programs.Try("dmidecode", "-s", "bios-version").Output().Trim(), document.Hardware["biosVersion"].Value);
            Assert.Equal(Programs.Try("dmidecode", "-s", "bios-release-date").Output().Trim(), document.Hardware["biosDate"].Value);
            return;
        }
        // dmidecode cannot read the table here: no hardware fact from it, and a gap that quotes what dmidecode says.
        var said = Programs.Try("dmidecode");
        foreach (string field in new[] { "vendor", "product", "board", "biosVersion", "biosDate", "system" })
        {
            Assert.False(document.Hardware.ContainsKey(field), $"hardware.{field} is set though dmidecode fails here");
            var gap = Assert.Single(document.Unknown, g => g.Field == $"hardware.{field}");
            Assert.StartsWith("dmidecode: ", gap.Why);
            Assert.Contains(gap.Why["dmidecode: ".Length..], said.Stdout + said.Stderr);
        }
    }

    [Fact]
    public async Task Lsmod_gives_the_loaded_modules_or_its_error_as_a_gap()
    {
        var document = await RealSosreport.DocumentAsync();
        var lsmod = Programs.Try("lsmod");
        if (lsmod.ExitCode == 0)
        {
            var loaded = File.ReadAllLines("/proc/modules").Select(l => l.Split(' ')[0]).Order();
            Assert.Equal(loaded, document.Modules!.Items.Select(m => m.Name).Order());
            Assert.All(document.Modules.Items, m => Assert.Null(m.Taints));
            return;
        }
        Assert.Null(document.Modules);
        var gap = Assert.Single(document.Unknown, g => g.Field == "modules");
        Assert.StartsWith("lsmod: ", gap.Why);
        Assert.Contains(gap.Why["lsmod: ".Length..], lsmod.Stderr);
    }

    [Fact]
    public async Task Time_zone_is_the_zone_etc_localtime_links_to()
    {
        var link = new FileInfo("/etc/localtime").LinkTarget;
        string expected = link is not null && link.Contains("zoneinfo/", StringComparison.Ordinal)
            ? link[(link.LastIndexOf("zoneinfo/", StringComparison.Ordinal) + "zoneinfo/".Length)..]
            : File.ReadAllText("/etc/timezone").Trim();

        Assert.Equal(expected, (await RealSosreport.DocumentAsync()).Os["timeZone"].Value);
    }

    [Fact]
    public async Task Security_module_is_a_gap_when_its_plugins_did_not_run()
    {
        // RealSosreport.Plugins leaves selinux and apparmor out.
        var gap = Assert.Single((await RealSosreport.DocumentAsync()).Unknown, g => g.Field == "os.securityModule");

        Assert.Contains("plugins selinux and apparmor not run", gap.Why);
    }

    [Fact]
    public async Task Every_fact_is_the_sosreports_at_the_reading_time()
    {
        var document = await RealSosreport.DocumentAsync();
        var facts = document.Hardware.Values.Concat(document.Os.Values).ToList();

        Assert.True(facts.Count >= 10, $"only {facts.Count} facts");
        Assert.All(facts, f => Assert.Equal((FactSources.Sosreport, RealSosreport.At), (f.Source, f.At)));
        Assert.All(new[] { document.Packages!.Source, document.Sysctls!.Source }, s => Assert.Equal(FactSources.Sosreport, s));
        Assert.All(document.Unknown, g => Assert.Equal(FactSources.Sosreport, g.Source));
    }

    private static void Flatten(JsonElement items, Dictionary<string, string> into)
    {
        foreach (var item in items.EnumerateArray())
        {
            if (item.TryGetProperty("field", out var field) && item.TryGetProperty("data", out var data) && data.ValueKind == JsonValueKind.String)
                into.TryAdd(field.GetString()!.Trim(), data.GetString()!);
            if (item.TryGetProperty("children", out var children))
                Flatten(children, into);
        }
    }

    [GeneratedRegex("^[uihrp][a-zA-Z][ R] ")]
    private static partial Regex DpkgRow();
}
