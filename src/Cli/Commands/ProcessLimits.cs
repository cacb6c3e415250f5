using System.Runtime.InteropServices;

namespace Crashdesk.Cli.Commands;

/// <summary>Limits the engine process sets on itself (setrlimit(2), through libc).</summary>
internal static partial class ProcessLimits
{
    /// <summary>RLIMIT_CPU on Linux (asm-generic/resource.h).</summary>
    private const int RlimitCpu = 0;

    /// <summary>
    /// At <paramref name="seconds"/> of CPU time the kernel sends SIGXCPU, whose default action ends the process
    /// (the parent names the limit from that signal); the hard limit two seconds later is SIGKILL, for a process
    /// that would survive SIGXCPU.
    /// </summary>
    public static void LimitCpuSeconds(long seconds)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(seconds);
        var limit = new RLimit { Current = (ulong)seconds, Maximum = (ulong)seconds + 2 };
        if (SetRLimit(RlimitCpu, in limit) != 0)
            throw new IOException($"setrlimit(RLIMIT_CPU, {seconds}) failed: errno {Marshal.GetLastPInvokeError()}");
    }

    [StructLayout(LayoutKind.Sequential)]
    private struct RLimit
    {
        public ulong Current;
        public ulong Maximum;
    }

    [LibraryImport("libc", EntryPoint = "setrlimit", SetLastError = true)]
    private static partial int SetRLimit(int resource, in RLimit limit);
}
