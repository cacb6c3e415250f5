namespace Crashdesk.Analysis.Extractors.Dmesg;

/// <summary>
/// How crash's `log` prints each record (kernel.c cmd_log()'s options): <see cref="ShowLevel"/> is
/// <c>log -m</c>, the record's level as "&lt;N&gt;" after its time; <see cref="BootTime"/> is
/// <c>log -T</c>, the time as the wall-clock date of boot plus the record's whole seconds.
/// </summary>
/// <param name="ShowLevel">Print each record's log level (<c>-m</c>).</param>
/// <param name="BootTime">When the kernel booted (crash's kt->boot_date: the dump's date minus the uptime); set for <c>-T</c>.</param>
/// <param name="HideTime">Print no time at all (<c>log -t</c>).</param>
public sealed record CrashLogStyle(bool ShowLevel = false, DateTimeOffset? BootTime = null, bool HideTime = false)
{
    /// <summary>Plain `log`.</summary>
    public static CrashLogStyle Plain { get; } = new();
}
