namespace Crashdesk.Core.Environments.Sosreport;

/// <summary>
/// Turns the members <see cref="SosreportScan"/> kept into facts: each member to its parser, each
/// parser's result to fields of the reading. What a member lacks, or what its command could not do
/// (dmidecode without <c>/dev/mem</c>, lsmod without <c>/proc/modules</c>), is a gap with the reason:
/// a command's error text is never a fact, and no field gets a default.
/// </summary>
internal sealed class SosreportFacts(SosreportContents contents, EnvironmentReading reading, SosreportLimits limits)
{
    private readonly SosPluginList plugins = SosPluginList.From(contents.Find(SosPaths.Version));

    public void Fill()
    {
        Uname();
        OsRelease();
        Packages();
        Lscpu();
        Dmidecode();
        CommandLine();
        Taint();
        Sysctls();
        Modules();
        Memory();
        Hostname();
        TimeZone();
        SecurityModule();
    }

    private void Uname()
    {
        string[] fields = ["os.kernelRelease", "os.kernelBuild", "os.architecture"];
        var member = contents.FindFirst(SosPaths.Uname, SosPaths.UnameCommand);
        if (!member.IsRead)
        {
            Gaps(fields, Missing(member, "kernel"));
            return;
        }
        if (UnameParser.Parse(member.Text!) is not { } uname)
        {
            Gaps(fields, $"uname: {Said(member)}");
            return;
        }
        reading.Set("os.kernelRelease", uname.Release);
        Set("os.kernelBuild", uname.Build, "uname -a printed no kernel version");
        Set("os.architecture", uname.Architecture, "uname -a printed no machine architecture");
    }

    private void OsRelease()
    {
        string[] fields = ["os.distribution", "os.distributionRelease"];
        var member = contents.FindFirst(SosPaths.OsRelease, SosPaths.UsrOsRelease);
        if (!member.IsRead)
        {
            Gaps(fields, Missing(member, "release"));
            return;
        }
        var values = OsReleaseParser.Parse(member.Text!);
        Set("os.distribution", values.GetValueOrDefault("NAME"), $"{member.Path} has no NAME");
        Set("os.distributionRelease", values.GetValueOrDefault("VERSION_ID") ?? values.GetValueOrDefault("VERSION"), $"{member.Path} has no VERSION_ID or VERSION");
    }

    private void Packages()
    {
        var debs = contents.FindFirst(SosPaths.InstalledDebs, SosPaths.DpkgCommand);
        var rpms = contents.Find(SosPaths.InstalledRpms);
        var lists = new List<(SosreportMember Member, PackageList List)>();
        if (debs.IsRead)
            lists.Add((debs, PackageListParser.ParseDpkg(debs.Text!)));
        if (rpms.IsRead)
            lists.Add((rpms, PackageListParser.ParseRpm(rpms.Text!)));
        if (lists.FirstOrDefault(l => l.List.Packages.Count > 0) is ({ } source, { } list))
        {
            if (list.Packages.Count > EnvironmentMerge.MaxListItems)
                reading.Gap("packages", $"{source.Path} lists {Sizes.Count(list.Packages.Count)} packages, more than the {Sizes.Count(EnvironmentMerge.MaxListItems)} an environment keeps");
            else
                reading.SetPackages(list.Packages);
            return;
        }
        if (lists.Count > 0)
        {
            var (member, empty) = lists[0];
            string problem = empty.Problems.Count > 0 ? $" (line {empty.Problems[0].Line}: {empty.Problems[0].Message})" : "";
            reading.Gap("packages", $"{member.Path} lists no installed package{problem}");
            return;
        }
        reading.Gap("packages", debs.State == SosreportMemberState.Absent && rpms.State == SosreportMemberState.Absent
            ? $"the sosreport has no {SosPaths.InstalledDebs} or {SosPaths.InstalledRpms} ({plugins.Why("dpkg", "rpm")})"
            : Missing(debs.State != SosreportMemberState.Absent ? debs : rpms, debs.State != SosreportMemberState.Absent ? "dpkg" : "rpm"));
    }

    private void Lscpu()
    {
        (string Field, string Key)[] fields =
        [
            ("hardware.cpuModel", LscpuParser.ModelName), ("hardware.cpus", LscpuParser.Cpus), ("hardware.sockets", LscpuParser.Sockets),
            ("hardware.coresPerSocket", LscpuParser.CoresPerSocket), ("hardware.threadsPerCore", LscpuParser.ThreadsPerCore),
            ("hardware.numaNodes", LscpuParser.NumaNodes), ("hardware.hypervisor", LscpuParser.HypervisorVendor),
        ];
        var member = contents.Find(SosPaths.Lscpu);
        if (!member.IsRead)
        {
            Gaps(fields.Select(f => f.Field), Missing(member, "processor"));
            return;
        }
        var values = LscpuParser.Parse(member.Text!);
        if (!values.ContainsKey(LscpuParser.Cpus))
        {
            Gaps(fields.Select(f => f.Field), $"lscpu: {Said(member)}");
            return;
        }
        foreach (var (field, key) in fields)
        {
            // No "Hypervisor vendor" line is lscpu's way of saying bare metal; still not a value we invent.
            Set(field, values.GetValueOrDefault(key), key == LscpuParser.HypervisorVendor
                ? "lscpu names no hypervisor vendor (bare metal, or one lscpu does not know)"
                : $"lscpu printed no \"{key}\"");
        }
    }

    private void Dmidecode()
    {
        string[] fields = ["hardware.vendor", "hardware.product", "hardware.board", "hardware.biosVersion", "hardware.biosDate", "hardware.system"];
        var member = contents.FindFirst(SosPaths.Dmidecode, SosPaths.DmidecodeCommand);
        if (!member.IsRead)
        {
            Gaps(fields, Missing(member, "hardware"));
            return;
        }
        var table = DmidecodeParser.Parse(member.Text!);
        if (table.Failure is { } failure)
        {
            Gaps(fields, $"dmidecode: {failure}");
            return;
        }
        // SMBIOS 3.x, section 7: type 0 BIOS Information, 1 System Information, 2 Base Board Information.
        string? vendor = Dmi(table, 1, "Manufacturer", "hardware.vendor");
        string? product = Dmi(table, 1, "Product Name", "hardware.product");
        Dmi(table, 2, "Product Name", "hardware.board");
        Dmi(table, 0, "Version", "hardware.biosVersion");
        Dmi(table, 0, "Release Date", "hardware.biosDate");
        if (vendor is not null || product is not null)
            reading.Set("hardware.system", string.Join(' ', new[] { vendor, product }.OfType<string>()));
        else
            reading.Gap("hardware.system", "dmidecode names neither the system's manufacturer nor its product");
    }

    private string? Dmi(DmiTable table, int type, string key, string field)
    {
        string[] names = ["BIOS Information", "System Information", "Base Board Information"];
        if (table.First(type) is not { } section)
        {
            reading.Gap(field, $"dmidecode: the DMI table has no {names[type]} (type {type})");
            return null;
        }
        string? value = section.Values.GetValueOrDefault(key);
        if (value is null || DmidecodeParser.IsPlaceholder(value))
        {
            reading.Gap(field, $"dmidecode: {section.Title} has no {key}{(value is { Length: > 0 } ? $" ({value})" : "")}");
            return null;
        }
        reading.Set(field, value);
        return value;
    }

    private void CommandLine()
    {
        var member = contents.Find(SosPaths.Cmdline);
        if (!member.IsRead)
            reading.Gap("os.commandLine", Missing(member, "kernel"));
        else
            Set("os.commandLine", member.Text!.Trim(), $"{SosPaths.Cmdline} is empty");
    }

    private void Taint()
    {
        var member = contents.Find(SosPaths.Tainted);
        if (!member.IsRead)
            reading.Gap("os.taint", Missing(member, "kernel"));
        else if (ulong.TryParse(member.Text!.Trim(), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out ulong mask))
            reading.Set("os.taint", KernelTaintLetters.FromMask(mask));
        else
            reading.Gap("os.taint", $"{SosPaths.Tainted} is not a decimal taint mask");
    }

    private void Sysctls()
    {
        var member = contents.Find(SosPaths.Sysctl);
        if (!member.IsRead)
        {
            reading.Gap("sysctls", Missing(member, "kernel"));
            return;
        }
        var settings = SysctlParser.Parse(member.Text!);
        if (settings.Count == 0)
            reading.Gap("sysctls", $"sysctl -a: {Said(member)}");
        else if (settings.Count > EnvironmentMerge.MaxListItems)
            reading.Gap("sysctls", $"sysctl -a printed {Sizes.Count(settings.Count)} settings, more than the {Sizes.Count(EnvironmentMerge.MaxListItems)} an environment keeps");
        else
            reading.SetSysctls(settings);
    }

    private void Modules()
    {
        var member = contents.FindFirst(SosPaths.Lsmod, SosPaths.LsmodCommand);
        if (!member.IsRead)
        {
            reading.Gap("modules", Missing(member, "kernel"));
            return;
        }
        var listing = LsmodParser.Parse(member.Text!);
        if (listing.Failure is { } failure)
        {
            reading.Gap("modules", $"lsmod: {failure}");
            return;
        }
        var modinfo = contents.Find(SosPaths.Modinfo);
        var versions = modinfo.IsRead ? ModinfoParser.Versions(modinfo.Text!) : new Dictionary<string, string?>();
        // lsmod cannot tell a module's taint (that is /sys/module/<name>/taint): null, not "clean".
        reading.SetModules([.. listing.Names.Select(name => new ModuleFact(name, versions.GetValueOrDefault(ModinfoParser.Key(name)), null))]);
    }

    private void Memory()
    {
        var member = contents.Find(SosPaths.Meminfo);
        if (!member.IsRead)
            reading.Gap("hardware.memoryBytes", Missing(member, "memory"));
        else if (MeminfoParser.MemTotalBytes(member.Text!) is { } bytes)
            reading.Set("hardware.memoryBytes", bytes);
        else
            reading.Gap("hardware.memoryBytes", $"{SosPaths.Meminfo} has no MemTotal line in kB");
    }

    private void Hostname()
    {
        var member = contents.FindFirst(SosPaths.Hostname, SosPaths.HostnameCommand);
        if (!member.IsRead)
            reading.Gap("os.hostname", Missing(member, "host"));
        else
            Set("os.hostname", CommandOutput.FirstLine(member.Text!), "hostname printed nothing");
    }

    private void TimeZone()
    {
        // Debian's /etc/timezone names the zone; elsewhere /etc/localtime is a link into the zone
        // database (timedatectl(1) sets it so; localtime(5)), and the zone is the link's path after "zoneinfo/".
        var timezone = contents.Find(SosPaths.Timezone);
        if (timezone.IsRead && CommandOutput.FirstLine(timezone.Text!) is { } named)
        {
            reading.Set("os.timeZone", named);
            return;
        }
        if (contents.LinkTarget(SosPaths.Localtime) is { } target)
        {
            int at = target.LastIndexOf("zoneinfo/", StringComparison.Ordinal);
            if (at >= 0 && at + "zoneinfo/".Length < target.Length)
                reading.Set("os.timeZone", target[(at + "zoneinfo/".Length)..]);
            else
                reading.Gap("os.timeZone", $"{SosPaths.Localtime} links to \"{target}\", not into a zoneinfo directory");
            return;
        }
        var localtime = contents.Find(SosPaths.Localtime);
        reading.Gap("os.timeZone", localtime.IsRead
            ? $"{SosPaths.Localtime} is a copy of a zone file, not a link, and there is no {SosPaths.Timezone}: the zone's name is not recorded"
            : $"the sosreport has no {SosPaths.Timezone} or {SosPaths.Localtime} ({plugins.Why("date")})");
    }

    private void SecurityModule()
    {
        var selinux = contents.FindFirst(SosPaths.Sestatus);
        var apparmor = contents.FindFirst(SosPaths.AppArmor);
        var states = new List<string>();
        if (selinux.IsRead && SecurityModuleParser.FromSestatus(selinux.Text!) is { } se)
            states.Add(se);
        if (apparmor.IsRead && SecurityModuleParser.FromAppArmorStatus(apparmor.Text!) is { } aa)
            states.Add(aa);
        // The one that is active, else what each says ("SELinux disabled; AppArmor not loaded").
        var active = states.Where(s => !s.Contains("disabled", StringComparison.Ordinal) && !s.Contains("not loaded", StringComparison.Ordinal)).ToList();
        if (states.Count > 0)
            reading.Set("os.securityModule", string.Join("; ", active.Count > 0 ? active : states));
        else if (selinux.IsRead || apparmor.IsRead)
            reading.Gap("os.securityModule", $"{(selinux.IsRead ? "sestatus" : "apparmor_status")}: {Said(selinux.IsRead ? selinux : apparmor)}");
        else
            reading.Gap("os.securityModule", $"the sosreport has no {SosPaths.Sestatus[0]} or {SosPaths.AppArmor[0]} ({plugins.Why("selinux", "apparmor")})");
    }

    private void Set(string field, string? value, string whyNot)
    {
        if (string.IsNullOrWhiteSpace(value))
            reading.Gap(field, whyNot);
        else
            reading.Set(field, value);
    }

    private void Gaps(IEnumerable<string> fields, string why)
    {
        foreach (string field in fields)
            reading.Gap(field, why);
    }

    /// <summary>What a command printed instead of its output, quoted (its first line).</summary>
    private static string Said(SosreportMember member) =>
        CommandOutput.FirstLine(member.Text!) is { } line ? $"\"{CommandOutput.Quote(line)}\"" : "printed nothing";

    /// <summary>Why a member could not be read, in the user's words.</summary>
    private string Missing(SosreportMember member, string plugin) => member.State switch
    {
        SosreportMemberState.Absent => $"the sosreport has no {member.Path} ({plugins.Why(plugin)})",
        SosreportMemberState.Dangling => $"the sosreport's {member.Path} links to {member.Detail}, which the archive does not hold",
        SosreportMemberState.LinkLoop => $"the sosreport's {member.Path} is a chain of more than {SosreportContents.MaxLinkHops} links, or a loop",
        SosreportMemberState.TooLarge => $"{member.Path} is {member.Detail}, more than the {Sizes.Format(limits.MaxParsedMemberBytes)} read of one member",
        SosreportMemberState.Sparse => $"{member.Path} is stored as a sparse file, not as text",
        _ => $"{member.Path} could not be read",
    };
}
