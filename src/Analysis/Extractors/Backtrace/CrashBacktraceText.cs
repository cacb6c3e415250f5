using System.Globalization;
using System.Text;
using Crashdesk.Analysis.Kernel;

namespace Crashdesk.Analysis.Extractors.Backtrace;

/// <summary>
/// crash's `bt` text (crash x86_64.c x86_64_print_stack_entry / x86_64_exception_frame): the
/// `PID: … TASK: … CPU: … COMMAND: "…"` header, one `#N [stack address] function at address`
/// line per frame (` [module]` for module text), the register block of every exception frame
/// (`[exception RIP: function+offset]` for kernel mode) and `--- &lt;NMI exception stack&gt; ---` where
/// the unwind left a stack. Unlike crash, the function an exception interrupted also gets its own
/// frame line on the same stack (drgn lists it, and it is a real frame), and no stale stack words.
/// </summary>
public static class CrashBacktraceText
{
    /// <summary>Renders one task's backtrace.</summary>
    public static string Format(TaskBacktrace bt) => Format(bt, null, null);

    /// <summary>
    /// Renders one task's backtrace with text of crash's `bt` options around each frame line:
    /// <paramref name="beforeFrameLine"/> right before frame N's `#N` line (crash's `bt -f` words between
    /// frame N−1 and frame N, x86_64.c x86_64_print_stack_entry() → x86_64_display_full_frame()),
    /// <paramref name="afterFrameLine"/> right after it (`bt -l`'s file:line). Each returns whole lines or "".
    /// </summary>
    public static string Format(TaskBacktrace bt, Func<int, string>? beforeFrameLine, Func<int, string>? afterFrameLine)
    {
        ArgumentNullException.ThrowIfNull(bt);
        var sb = new StringBuilder();
        sb.Append(CultureInfo.InvariantCulture, $"PID: {bt.Pid,-7}  TASK: {bt.Task:x}  CPU: {bt.Cpu,-3}  COMMAND: \"{bt.Comm}\"\n");
        foreach (var f in bt.Frames)
        {
            if (f.ExceptionRegisters is { } regs)
            {
                string rip = f.Function is null ? $"{f.ReturnAddress:x}" : f.Offset == 0 ? f.Function : $"{f.Function}+{f.Offset}";
                sb.Append(CultureInfo.InvariantCulture, $"    [exception RIP: {rip}]\n");
                AppendRegisters(sb, regs);
            }
            if (f.LeftStack is { } left)
                sb.Append(CultureInfo.InvariantCulture, $"--- <{left} stack> ---\n");
            string level = f.Level < 10 ? $" #{f.Level}" : $"#{f.Level}";
            string name = f.Function ?? "(unknown)";
            string module = f.Module is null ? "" : $" [{f.Module}]";
            if (beforeFrameLine is not null)
                sb.Append(beforeFrameLine(f.Level));
            sb.Append(CultureInfo.InvariantCulture, $"{level} [{f.StackAddress:x16}] {name} at {f.ReturnAddress:x16}{module}\n");
            if (afterFrameLine is not null)
                sb.Append(afterFrameLine(f.Level));
        }
        if (bt.UserRegisters is { } user)
            AppendRegisters(sb, user);
        if (bt.Error is { } error)
            sb.Append(CultureInfo.InvariantCulture, $"    (unwind stopped: {error})\n");
        return sb.ToString();
    }

    /// <summary>Renders several backtraces separated by blank lines, as `bt -a` and `foreach bt` do.</summary>
    public static string Format(IEnumerable<TaskBacktrace> traces) => string.Join("\n", traces.Select(Format));

    /// <summary>crash's seven-line register block (x86_64.c x86_64_print_regs format).</summary>
    public static void AppendRegisters(StringBuilder sb, X86_64Registers r)
    {
        sb.Append(CultureInfo.InvariantCulture, $"    RIP: {r.Rip:x16}  RSP: {r.Rsp:x16}  RFLAGS: {r.Eflags:x8}\n");
        sb.Append(CultureInfo.InvariantCulture, $"    RAX: {r.Rax:x16}  RBX: {r.Rbx:x16}  RCX: {r.Rcx:x16}\n");
        sb.Append(CultureInfo.InvariantCulture, $"    RDX: {r.Rdx:x16}  RSI: {r.Rsi:x16}  RDI: {r.Rdi:x16}\n");
        sb.Append(CultureInfo.InvariantCulture, $"    RBP: {r.Rbp:x16}   R8: {r.R8:x16}   R9: {r.R9:x16}\n");
        sb.Append(CultureInfo.InvariantCulture, $"    R10: {r.R10:x16}  R11: {r.R11:x16}  R12: {r.R12:x16}\n");
        sb.Append(CultureInfo.InvariantCulture, $"    R13: {r.R13:x16}  R14: {r.R14:x16}  R15: {r.R15:x16}\n");
        sb.Append(CultureInfo.InvariantCulture, $"    ORIG_RAX: {r.OrigRax:x16}  CS: {r.Cs:x4}  SS: {r.Ss:x4}\n");
    }
}
