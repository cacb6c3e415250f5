namespace Crashdesk.Core.Environments.Sosreport;

/// <summary>What <c>uname -a</c> says about the kernel.</summary>
/// <param name="Release">uname -r: <c>5.14.0-362.8.1.el9_3.x86_64</c>.</param>
/// <param name="Build">uname -v: <c>#1 SMP PREEMPT_DYNAMIC Wed Nov 8 17:36:32 UTC 2023</c> (the kernel's UTS_VERSION).</param>
/// <param name="Architecture">uname -m: <c>x86_64</c>.</param>
internal sealed record UnameFacts(string Release, string? Build, string? Architecture);
