namespace Crashdesk.Analysis.Triage;

/// <summary>
/// Normalises function names for titles and signatures: compiler clone suffixes (`.isra.0`,
/// `.constprop.0`, `.cold`, `.part.0`, `.llvm.123`) are dropped, and syscall wrapper prefixes
/// (`__x64_sys_`, `__do_sys_`, `__se_sys_`, `ksys_`...) are removed so that the same bug reads the
/// same on every architecture and kernel version (the convention of public crash dashboards).
/// </summary>
internal static class FrameNames
{
    // The wrappers SYSCALL_DEFINE expands to over the years (include/linux/syscalls.h,
    // arch/x86/include/asm/syscall_wrapper.h): the shortest single-prefix removal wins.
    private static readonly string[] _wrapperPrefixes =
    [
        "SYSC_", "SyS_", "sys_", "__x64_", "__ia32_", "__arm64_", "__riscv_", "__s390x_", "__s390_",
        "____sys_", "___sys_", "__sys_", "__se_", "__se_sys_", "__do_sys_", "__do_compat_sys_",
        "compat_SYSC_", "compat_SyS_", "ksys_",
    ];

    /// <summary>The symbol without clone suffixes: `corpus_write.cold` → `corpus_write`.</summary>
    public static string StripSuffix(string function)
    {
        int dot = function.IndexOf('.', 1);
        return dot > 0 ? function[..dot] : function;
    }

    /// <summary>The name used in titles: clone suffixes and syscall wrapper prefixes removed.</summary>
    public static string Canonical(string function)
    {
        string name = StripSuffix(function);
        string best = name;
        foreach (string prefix in _wrapperPrefixes)
        {
            if (name.Length > prefix.Length && name.StartsWith(prefix, StringComparison.Ordinal))
            {
                string trimmed = name[prefix.Length..];
                if (trimmed.Length < best.Length)
                    best = trimmed;
            }
        }
        return best;
    }
}
