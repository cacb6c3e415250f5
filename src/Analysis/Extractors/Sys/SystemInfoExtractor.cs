using Crashdesk.Analysis.Context;
using Crashdesk.Analysis.Extractors.Dmesg;
using Crashdesk.Analysis.Extractors.Memory;
using Crashdesk.Analysis.Extractors.Tasks;
using Crashdesk.Analysis.Memory;

namespace Crashdesk.Analysis.Extractors.Sys;

/// <summary>
/// Fills crash's `sys` fields (crash 8.0.2 kernel.c display_sys_stats()) from the dump. Each field
/// is read on its own: one unreadable variable becomes a warning, not a failed `sys`.
/// </summary>
public static class SystemInfoExtractor
{
    private const int TimeoutShiftJiffies = 300; // INITIAL_JIFFIES = (unsigned long)(unsigned int)(-300*HZ), include/linux/jiffies.h

    /// <summary>Reads the fields; <paramref name="tasks"/> and <paramref name="log"/> may be null when their extractors failed.</summary>
    public static SystemInfo Extract(KernelContext context, TaskList? tasks, KernelLog? log)
    {
        var target = context.Target;
        var memory = target.KernelMemory;
        var warnings = new List<string>();
        T? Try<T>(string field, Func<T?> read)
        {
            try
            {
                return read();
            }
            catch (Exception e) when (e is DumpFormatException or NotSupportedException or MemoryNotPresentException or OverflowException)
            {
                warnings.Add($"{field}: {e.Message}");
                return default;
            }
        }
        ulong? U64(string symbol) => context.TryGetSymbolAddress(symbol, out ulong at) ? memory.ReadU64(at, symbol) : null;
        uint? U32(string symbol) => context.TryGetSymbolAddress(symbol, out ulong at) ? memory.ReadU32(at, symbol) : null;

        // kernel.c is_kernel_tainted(): "tainted" (old int) or "tainted_mask". Unreadable is unknown
        // (null and a warning), not "not tainted": a cut dump of a `G OE` kernel said false.
        ulong? taint = Try<ulong?>("tainted_mask", () => U32("tainted") is { } old ? old
            : U64("tainted_mask") ?? throw new NotSupportedException("the kernel has no symbol tainted_mask (nor tainted)"));
        var file = target.FileInfo;
        var percpu = Try("cpumasks", () => PerCpuAreas.Read(context));
        int? present = percpu?.Count(percpu.Present) ?? target.CpuCount;
        if (present is null)
            warnings.Add("cpus: neither cpu_present_mask nor the dump's CPU count could be read");
        int? online = percpu?.Count(percpu.Online);
        int? hz = Try("HZ", () => Hz(context));
        long? uptime = Try("jiffies_64", () => hz is { } h && U64("jiffies_64") is { } j ? UptimeSeconds(j, h) : (long?)null);
        string? load = Try("avenrun", () =>
        {
            if (!context.TryGetSymbolAddress("avenrun", out ulong at))
                return null;
            return string.Join(", ", Enumerable.Range(0, 3).Select(i => CrashUnits.LoadAverage(memory.ReadU64(at + (ulong)i * 8, "avenrun"))));
        });
        long? pages = Try("node_present_pages", () => MemoryNodes.PresentPages(context));
        int pageSize = target.VmcoreInfo.PageSize is { } ps and > 0 ? (int)ps : 4096;
        string? panic = log is null ? null : PanicLineFinder.Find(log);
        var uts = target.UtsName;
        return new SystemInfo
        {
            Tainted = taint is { } t ? t != 0 : null,
            TaintMask = taint,
            PartialDump = file.Format.StartsWith("kdump", StringComparison.Ordinal) && file.DumpLevel is > 0,
            IncompleteDump = file.Incomplete,
            Cpus = present,
            OfflineCpus = present is { } pr && online is { } on ? Math.Max(0, pr - on) : null,
            Date = Try("shadow_timekeeper", () => Date(context)) ?? target.CrashTime,
            UptimeSeconds = uptime,
            Hz = hz,
            LoadAverage = load,
            Tasks = TaskCount(tasks, warnings),
            NodeName = uts?.NodeName,
            Release = target.Release,
            Version = uts?.Version,
            Machine = uts is { Machine.Length: > 0 } ? uts.Machine : "x86_64",
            Mhz = Try("cpu_khz", () => U32("cpu_khz") is { } khz and > 0 ? khz / 1000 : (long?)null),
            MemoryPages = pages,
            Memory = pages is { } p ? MemorySize(p, pageSize) : null,
            Panic = panic,
            PanicTask = tasks is null ? null : Try("panic task", () => PanicTask(context, tasks)),
            Warnings = warnings,
        };
    }

    /// <summary>
    /// HZ = NSEC_PER_SEC / tick_nsec (kernel/time/ntp.c: tick_nsec is TICK_NSEC adjusted by NTP by at
    /// most a few ppm), snapped to the nearest integer. crash itself guesses HZ from write_expire.
    /// </summary>
    public static int? Hz(KernelContext context)
    {
        if (!context.TryGetSymbolAddress("tick_nsec", out ulong at))
            return null;
        ulong tick = context.Target.KernelMemory.ReadU64(at, "tick_nsec");
        if (tick is < 100_000 or > 100_000_000)
            throw new DumpFormatException($"tick_nsec at 0x{at:x} is {tick}: not a tick length in ns");
        return (int)Math.Round(1e9 / tick);
    }

    /// <summary>crash kernel.c get_uptime(): jiffies_64 with INITIAL_JIFFIES removed, in seconds.</summary>
    public static long UptimeSeconds(ulong jiffies64, int hz)
    {
        ulong j;
        ulong wrapped = jiffies64 & 0xffffffff00000000UL;
        if (wrapped != 0)
        {
            wrapped -= 0x100000000UL;
            j = (jiffies64 & 0xffffffffUL) | wrapped;
            j += (ulong)(TimeoutShiftJiffies * hz);
        }
        else
            j = unchecked(jiffies64 - (uint)(-TimeoutShiftJiffies * hz)); // crash's (ulong)(uint) cast wraps on purpose
        return (long)(j / (ulong)hz);
    }

    /// <summary>crash memory.c get_memory_size(): round up to a GiB when within 64 MiB of it.</summary>
    public static string MemorySize(long pages, int pageSize)
    {
        long total = checked(pages * pageSize);
        long nextGig = (total + (1L << 30) - 1) / (1L << 30) * (1L << 30);
        if (nextGig - total <= 64L << 20)
            total = nextGig;
        return CrashUnits.PagesToSize(total / pageSize, pageSize);
    }

    private static DateTimeOffset? Date(KernelContext context)
    {
        // kernel.c get_xtime(): on 6.1 (no tk_data, no "timekeeper" symbol) crash reads shadow_timekeeper.xtime_sec.
        if (!context.TryGetSymbolAddress("shadow_timekeeper", out ulong at) || context.Types.OffsetOf("timekeeper", "xtime_sec") is not { } off)
            return null;
        ulong sec = context.Target.KernelMemory.ReadU64(at + (ulong)off, "shadow_timekeeper.xtime_sec");
        return sec is > 0 and < 253402300799 ? DateTimeOffset.FromUnixTimeSeconds((long)sec) : null;
    }

    /// <summary>
    /// The crashing CPU: crashing_cpu (arch/x86/kernel/reboot.c, set by kdump's shutdown), else
    /// panic_cpu (kernel/panic.c, set by panic(); -1 when unset); its active task is the panic task.
    /// </summary>
    /// <summary>crash's TASKS, or null (with a warning) when the walk lost tasks: a partial count is not the kernel's.</summary>
    private static int? TaskCount(TaskList? tasks, List<string> warnings)
    {
        if (tasks is null)
            return null;
        if (tasks.IsComplete)
            return tasks.Tasks.Count;
        warnings.Add($"tasks: the task lists could not be followed to their end ({tasks.Tasks.Count} tasks read; the tasks' warnings say where), so the task count is unknown");
        return null;
    }

    private static PanicTaskInfo? PanicTask(KernelContext context, TaskList tasks)
    {
        var memory = context.Target.KernelMemory;
        int cpu = -1;
        foreach (string symbol in (string[])["crashing_cpu", "panic_cpu"])
        {
            if (cpu < 0 && context.TryGetSymbolAddress(symbol, out ulong at) && memory.TryReadU32(at, out uint v) && v < (uint)tasks.ActiveTasks.Count) // -1 (unset) reads as 0xffffffff
                cpu = (int)v;
        }
        if (cpu < 0 || tasks.ActiveOn(cpu) is not { } t)
            return null;
        return new PanicTaskInfo(t.Pid, t.Comm, t.Address, cpu, t.State, TaskStates.ToVerbose(t.RawState, t.ExitState));
    }
}
