using System.Text.RegularExpressions;

namespace Crashdesk.Analysis.Triage;

/// <summary>
/// Triage of any kernel log (console capture, `dmesg`, `vmcore-dmesg.txt`, `/var/log/messages`,
/// `journalctl -k`): finds every crash report, classifies it, names its guilty frame, groups it with a
/// signature and extracts hung-task, lockdep, OOM and lockup detail. Pure text processing.
/// </summary>
public static partial class LogTriage
{
    [GeneratedRegex(@"Kernel panic - not syncing: ?(.*?)\s*$")]
    private static partial Regex PanicLine();

    [GeneratedRegex(@"---\[ end Kernel panic - not syncing: (.*?) \]---")]
    private static partial Regex PanicEnd();

    [GeneratedRegex(@"soft lockup - CPU#(\d+) stuck for (\d+)s! \[(.+):(\d+)\]")]
    private static partial Regex SoftLockup();

    [GeneratedRegex(@"hard LOCKUP on cpu (\d+)")]
    private static partial Regex HardLockup();

    [GeneratedRegex(@"(?:sysrq|SysRq ?): ?Trigger a crash|lkdtm: Performing direct entry|lkdtm: Calling|lkdtm: Performing")]
    private static partial Regex DeliberateMarker();

    [GeneratedRegex(@"(?:KASAN|KFENCE|BUG: KASAN).*?\b(Read|Write) (?:of size|at addr)|^(Read|Write) of size")]
    private static partial Regex Access();

    [GeneratedRegex(@"(?:Kernel command line|Command line): (.*)$")]
    private static partial Regex CommandLine();

    /// <summary>Triage of <paramref name="text"/>: crash reports (primary first) and SysRq dumps.</summary>
    public static TriageResult Analyze(string text, AnalysisLimits? limits = null)
    {
        ArgumentNullException.ThrowIfNull(text);
        limits ??= AnalysisLimits.Default;
        var lines = LogLineReader.Read(text, limits.MaxTriageLines, limits.MaxTriageLineChars, out var stats);
        return Analyze(lines, stats, limits);
    }

    /// <summary>Triage of lines already read by <see cref="LogLineReader"/> (the log analyser reads them once for the triage and the panic line).</summary>
    internal static TriageResult Analyze(List<LogLine> lines, LogReadStats stats, AnalysisLimits limits)
    {
        var settings = GlobalSettings(lines);
        var split = ReportSplitter.Split(lines, limits.MaxTriageReports);
        var regions = split.Regions;
        var reports = new List<CrashReport>(regions.Count);
        for (int k = 0; k < regions.Count; k++)
            reports.Add(Build(lines, regions, k, settings, limits));
        return new TriageResult
        {
            Reports = reports,
            SysrqDumps = SysrqDumpParser.Parse(lines, limits.MaxTriageTasks),
            SkippedReports = split.Skipped,
            Notes = TriageNotes.For(split, stats, limits),
        };
    }

    /// <summary>Triage of a log read from <paramref name="reader"/>.</summary>
    public static TriageResult Analyze(TextReader reader, AnalysisLimits? limits = null)
    {
        ArgumentNullException.ThrowIfNull(reader);
        limits ??= AnalysisLimits.Default;
        var buffer = new char[Math.Min(limits.MaxTriageChars, 1 << 20)];
        var sb = new System.Text.StringBuilder();
        int n;
        while (sb.Length < limits.MaxTriageChars && (n = reader.Read(buffer, 0, (int)Math.Min(buffer.Length, limits.MaxTriageChars - sb.Length))) > 0)
            sb.Append(buffer, 0, n);
        return Analyze(sb.ToString(), limits);
    }

    private static CrashReport Build(List<LogLine> all, List<ReportRegion> regions, int k, HashSet<string> globalSettings, AnalysisLimits limits)
    {
        var region = regions[k];
        int end = Math.Min(region.End, region.Start + limits.MaxTriageReportLines);
        var lines = Slice(all, region.Start, end, region.Context);
        var pattern = region.Pattern;
        var guilty = GuiltyFrameFinder.Find(lines, pattern, region.Header);
        int stack = TraceReader.FindStackStart(lines, 1);
        var facts = ReportFacts.Read(lines, stack < 0 ? 80 : stack + 1);
        string crashClass = pattern.Class;

        // The panic that ended this crash: in the report, or after the sibling reports of one episode
        // (several blocked tasks, then `hung_task: blocked tasks`).
        // An episode is bounded like a report: without the cap, a long log full of reports of one class
        // made every report re-scan the rest of the log (quadratic time).
        int episodeEnd = end;
        int episodeCap = (int)Math.Min(all.Count, (long)region.Start + limits.MaxTriageReportLines);
        for (int j = k + 1; j < regions.Count && regions[j].Pattern.Class == pattern.Class && regions[j].Start < region.BootEnd
                 && regions[j].Start < episodeCap; j++)
            episodeEnd = Math.Min(Math.Min(regions[j].End, regions[j].Start + limits.MaxTriageReportLines), episodeCap);
        string? panic = FindPanic(all, region.Start, episodeEnd);

        bool deliberate = IsDeliberate(all, region.Start, guilty.Guilty, panic);
        if (deliberate && (panic?.Contains("sysrq", StringComparison.Ordinal) == true || guilty.Guilty == "sysrq_handle_crash" || SysrqBefore(all, region.Start)))
            crashClass = CrashClass.Sysrq;

        string? access = null;
        if (pattern.Title.Contains("{access}", StringComparison.Ordinal))
        {
            for (int i = 0; i < lines.Count && i < 12 && access is null; i++)
            {
                var a = Access().Match(lines[i].Text.Trim());
                if (a.Success)
                    access = a.Groups[1].Success ? a.Groups[1].Value : a.Groups[2].Value;
            }
        }
        string title = TitleBuilder.Build(pattern.Title, region.Header, guilty.Guilty, access);

        var settings = new HashSet<string>(globalSettings, StringComparer.Ordinal);
        var episode = Slice(all, region.Start, episodeEnd, region.Context);
        bool kdump = facts.KdumpLoaded || episode.Any(l => l.Text.Contains(" Kdump: loaded ", StringComparison.Ordinal));
        AddPanicSettings(settings, panic, kdump);
        var locks = LockParser.ParseBlocks(episode, 0, episode.Count);
        LockdepDetail? lockdep = crashClass == CrashClass.Lockdep && lines[0].Text.Contains("lock", StringComparison.Ordinal) ? LockdepParser.Parse(lines) : null;

        string? comm = facts.Comm;
        int? pid = facts.Pid, cpu = facts.Cpu;
        var related = new List<TaskTrace>();
        if (pattern.Strategy == GuiltyStrategy.HungTask)
        {
            comm = region.Header.Groups["comm"].Value;
            pid = int.TryParse(region.Header.Groups["pid"].Value, out int p) ? p : null;
            cpu = null;
            for (int j = k + 1; j < regions.Count && regions[j].Start < episodeEnd; j++)
            {
                var h = regions[j].Header;
                if (regions[j].Pattern.Strategy != GuiltyStrategy.HungTask)
                    break;
                var sibling = Slice(all, regions[j].Start, regions[j].End, regions[j].Context);
                related.Add(new TaskTrace
                {
                    Comm = h.Groups["comm"].Value,
                    Pid = int.TryParse(h.Groups["pid"].Value, out int sp) ? sp : null,
                    State = "D",
                    Frames = TraceReader.ReadStackAfter(sibling, 1, out _),
                });
            }
        }

        LockupDetail? lockup = null;
        var sl = SoftLockup().Match(lines[0].Text);
        if (sl.Success)
        {
            lockup = new LockupDetail
            {
                Cpu = int.Parse(sl.Groups[1].Value), StuckSeconds = int.Parse(sl.Groups[2].Value),
                Comm = sl.Groups[3].Value, Pid = int.Parse(sl.Groups[4].Value),
            };
            comm ??= lockup.Comm;
            pid ??= lockup.Pid;
        }
        else if (HardLockup().Match(lines[0].Text) is { Success: true } hl)
        {
            lockup = new LockupDetail { Cpu = int.Parse(hl.Groups[1].Value) };
        }

        OomDetail? oom = null;
        if (crashClass == CrashClass.Oom)
        {
            int oomStart = OomParser.FindStart(all, region.Start, 5000);
            if (oomStart >= 0)
                oom = OomParser.Parse(all, oomStart, end, panic is not null);
        }

        var settingList = settings.Where(s => s != "panicked").Order(StringComparer.Ordinal).ToList();
        return new CrashReport
        {
            Class = crashClass,
            Title = title,
            Message = lines[0].Text.Trim(),
            Line = all[region.Start].Number,
            PanicReason = panic,
            Cpu = cpu,
            Pid = pid,
            Comm = comm,
            Taint = facts.Taint,
            KernelRelease = facts.Release,
            HardwareName = facts.HardwareName,
            Rip = guilty.Rip is { } r ? Describe(r) : null,
            Registers = facts.Registers,
            Frames = guilty.Frames,
            GuiltyFrame = guilty.Guilty,
            SignatureFrames = guilty.SignatureFrames,
            Signature = CrashSignature.Compute(crashClass, title),
            LocksHeld = locks,
            Lockdep = lockdep,
            RelatedTasks = related,
            Oom = oom,
            Lockup = lockup,
            PanicSettings = settingList,
            Deliberate = deliberate,
            CaptureAdvice = CaptureAdvisor.Advise(crashClass, settings, locks.Count > 0, deliberate),
        };
    }

    private static string Describe(TraceFrame f) =>
        f.Function + (f.Offset is long o ? $"+0x{o:x}" : "") + (f.Size is long s ? $"/0x{s:x}" : "") + (f.Module is null ? "" : $" [{f.Module}]");

    /// <summary>The report's lines; with printk caller ids, only those of the reporting task or CPU.</summary>
    private static List<LogLine> Slice(List<LogLine> all, int start, int end, string? context)
    {
        var result = new List<LogLine>(Math.Max(0, end - start));
        bool nmiTraceback = false;
        for (int i = start; i < end && i < all.Count; i++)
        {
            var line = all[i];
            if (context is not null && line.Context != context)
            {
                bool otherCpu = nmiTraceback && line.Context is { Length: > 0 } c && c[0] == 'C';
                if (!otherCpu)
                    continue;
            }
            if (line.Text.Contains("Sending NMI from CPU", StringComparison.Ordinal))
                nmiTraceback = true;
            result.Add(line);
        }
        return result;
    }

    private static string? FindPanic(List<LogLine> all, int start, int end)
    {
        for (int i = start; i < end && i < all.Count; i++)
        {
            string text = all[i].Text;
            if (!text.Contains("Kernel panic", StringComparison.Ordinal))
                continue;
            var m = PanicEnd().Match(text);
            if (!m.Success)
                m = PanicLine().Match(text);
            if (m.Success)
                return m.Groups[1].Value;
        }
        return null;
    }

    private static bool IsDeliberate(List<LogLine> all, int start, string? guilty, string? panic)
    {
        if (guilty is "sysrq_handle_crash" || panic?.StartsWith("sysrq triggered crash", StringComparison.Ordinal) == true)
            return true;
        for (int i = start; i >= 0 && i >= start - 6; i--)
        {
            if (DeliberateMarker().IsMatch(all[i].Text))
                return true;
        }
        return guilty?.StartsWith("lkdtm_", StringComparison.Ordinal) == true;
    }

    private static bool SysrqBefore(List<LogLine> all, int start)
    {
        for (int i = start; i >= 0 && i >= start - 6; i--)
        {
            if (all[i].Text.Contains("Trigger a crash", StringComparison.Ordinal))
                return true;
        }
        return false;
    }

    private static HashSet<string> GlobalSettings(List<LogLine> lines)
    {
        var settings = new HashSet<string>(StringComparer.Ordinal);
        foreach (var line in lines)
        {
            if (!line.Text.Contains("ommand line: ", StringComparison.Ordinal))
                continue;
            var m = CommandLine().Match(line.Text);
            if (!m.Success)
                continue;
            foreach (string word in m.Groups[1].Value.Split(' ', StringSplitOptions.RemoveEmptyEntries))
            {
                string setting = word switch
                {
                    "panic_on_warn=1" => "panic_on_warn",
                    "hung_task_panic=1" => "hung_task_panic",
                    "softlockup_panic=1" => "softlockup_panic",
                    "oops=panic" or "panic_on_oops=1" => "panic_on_oops",
                    "nmi_watchdog=panic" or "hardlockup_panic=1" => "hardlockup_panic",
                    "panic_on_rcu_stall=1" or "sysctl.kernel.panic_on_rcu_stall=1" => "panic_on_rcu_stall",
                    _ when word.StartsWith("sysctl.kernel.panic_on_warn=1", StringComparison.Ordinal) => "panic_on_warn",
                    _ when word.StartsWith("sysctl.kernel.hung_task_panic=1", StringComparison.Ordinal) => "hung_task_panic",
                    _ when word.StartsWith("sysctl.kernel.softlockup_panic=1", StringComparison.Ordinal) => "softlockup_panic",
                    _ when word.StartsWith("sysctl.vm.panic_on_oom=", StringComparison.Ordinal) && !word.EndsWith("=0", StringComparison.Ordinal) => "panic_on_oom",
                    _ => "",
                };
                if (setting.Length > 0)
                    settings.Add(setting);
            }
        }
        return settings;
    }

    private static void AddPanicSettings(HashSet<string> settings, string? panic, bool kdumpLoaded)
    {
        if (kdumpLoaded)
            settings.Add("kdump");
        if (panic is null)
            return;
        settings.Add("panicked");
        if (panic.Contains("panic_on_warn", StringComparison.Ordinal))
            settings.Add("panic_on_warn");
        else if (panic.StartsWith("hung_task", StringComparison.Ordinal))
            settings.Add("hung_task_panic");
        else if (panic.StartsWith("softlockup", StringComparison.Ordinal))
            settings.Add("softlockup_panic");
        else if (panic.Contains("panic_on_oom", StringComparison.Ordinal))
            settings.Add("panic_on_oom");
        else if (panic.Contains("Hard LOCKUP", StringComparison.OrdinalIgnoreCase))
            settings.Add("hardlockup_panic");
        else if (panic.StartsWith("RCU Stall", StringComparison.Ordinal))
            settings.Add("panic_on_rcu_stall");
        else if (panic.StartsWith("Fatal exception", StringComparison.Ordinal))
            settings.Add("panic_on_oops");
    }
}
