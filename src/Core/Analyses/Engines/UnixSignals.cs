namespace Crashdesk.Core.Analyses.Engines;

/// <summary>Names of the signals an engine process can end by (Linux x86-64 numbers, signal(7)).</summary>
internal static class UnixSignals
{
    /// <summary>CPU time limit exceeded (RLIMIT_CPU's soft limit).</summary>
    public const int SigXcpu = 24;

    /// <summary>Killed (RLIMIT_CPU's hard limit, the kernel's OOM killer, or a person).</summary>
    public const int SigKill = 9;

    /// <summary>"SIGSEGV" for 11; "signal N" for one without a name here.</summary>
    public static string Name(int signal) => signal switch
    {
        1 => "SIGHUP",
        2 => "SIGINT",
        4 => "SIGILL",
        5 => "SIGTRAP",
        6 => "SIGABRT",
        7 => "SIGBUS",
        8 => "SIGFPE",
        9 => "SIGKILL",
        11 => "SIGSEGV",
        13 => "SIGPIPE",
        15 => "SIGTERM",
        24 => "SIGXCPU",
        25 => "SIGXFSZ",
        31 => "SIGSYS",
        _ => $"signal {signal}",
    };
}
