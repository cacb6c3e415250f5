namespace Crashdesk.Analysis.Extractors.Tasks;

/// <summary>
/// Task state codes as crash prints them. Bit values from include/linux/sched.h (stable since
/// 4.14): TASK_INTERRUPTIBLE 0x1, TASK_UNINTERRUPTIBLE 0x2, __TASK_STOPPED 0x4, __TASK_TRACED 0x8,
/// EXIT_DEAD 0x10, EXIT_ZOMBIE 0x20, TASK_PARKED 0x40, TASK_DEAD 0x80, TASK_WAKEKILL 0x100,
/// TASK_WAKING 0x200, TASK_NOLOAD 0x400, TASK_NEW 0x800. The mapping follows crash 8.0.2
/// task.c task_state_string(): later tests overwrite earlier ones, TASK_IDLE (UN|NOLOAD) is "ID".
/// </summary>
public static class TaskStates
{
    private const uint Interruptible = 0x1, Uninterruptible = 0x2, Stopped = 0x4, Traced = 0x8;
    private const uint ExitDead = 0x10, ExitZombie = 0x20, Parked = 0x40, TaskDead = 0x80;
    private const uint Waking = 0x200, NoLoad = 0x400, New = 0x800;

    /// <summary>PF_KTHREAD (include/linux/sched.h): the task is a kernel thread.</summary>
    public const uint PfKthread = 0x00200000;

    /// <summary>crash's two-letter code (RU, IN, UN, ID, ZO, ST, TR, DE, PA, WA, NE; "??" if none applies).</summary>
    public static string ToCode(ulong state, ulong exitState)
    {
        ulong s = state | exitState;
        string code = "??";
        bool set = false;
        if (s == 0)
            code = "RU";
        if ((s & Interruptible) != 0) { code = "IN"; set = true; }
        if ((s & Uninterruptible) != 0) { code = (s & NoLoad) != 0 ? "ID" : "UN"; set = true; }
        if ((s & ExitZombie) != 0) { code = "ZO"; set = true; }
        if ((s & Stopped) != 0) { code = "ST"; set = true; }
        if ((s & Traced) != 0) { code = "TR"; set = true; }
        if ((s & (ExitDead | TaskDead)) != 0 && !set)
            code = "DE";
        if (s == Parked)
            code = "PA";
        if (s == Waking)
            code = "WA";
        if (s == New)
            code = "NE";
        return code;
    }

    /// <summary>crash's verbose form (task.c task_state_string_verbose), as `sys` prints it under STATE.</summary>
    public static string ToVerbose(ulong state, ulong exitState)
    {
        ulong s = state | exitState;
        if (s == 0)
            return "TASK_RUNNING";
        if (s == Parked)
            return "TASK_PARKED";
        var parts = new List<string>();
        if ((s & Interruptible) != 0) parts.Add("TASK_INTERRUPTIBLE");
        if ((s & Uninterruptible) != 0) parts.Add("TASK_UNINTERRUPTIBLE");
        if ((s & Stopped) != 0) parts.Add("TASK_STOPPED");
        if ((s & Traced) != 0) parts.Add("TASK_TRACED");
        if ((s & (ExitDead | TaskDead)) is var dead && dead != 0)
            parts.Add(ulong.PopCount(dead) > 1 ? "EXIT_DEAD|TASK_DEAD" : "EXIT_DEAD");
        if ((s & ExitZombie) != 0) parts.Add("EXIT_ZOMBIE");
        if ((s & Waking) != 0) parts.Add("TASK_WAKING");
        if ((s & 0x100) != 0) parts.Add("TASK_WAKEKILL");
        if ((s & NoLoad) != 0) parts.Add("TASK_NOLOAD");
        if ((s & New) != 0) parts.Add("TASK_NEW");
        return string.Join('|', parts);
    }
}
