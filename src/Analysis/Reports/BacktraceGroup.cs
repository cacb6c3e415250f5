namespace Crashdesk.Analysis.Reports;

/// <summary>Why a backtrace stands where it does in <see cref="BacktraceOrder"/>, in reading order.</summary>
public enum BacktraceGroup
{
    /// <summary>The task that panicked (`panic_cpu`'s active task).</summary>
    Panic,

    /// <summary>The task running on another CPU at crash time (crash `bt -a`).</summary>
    Active,

    /// <summary>A task in uninterruptible sleep (crash's "UN", D in ps): what a hang is made of.</summary>
    Uninterruptible,

    /// <summary>Every other task (crash `foreach bt`).</summary>
    Other,
}
