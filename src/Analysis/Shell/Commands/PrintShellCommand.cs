using System.Globalization;
using System.Text;
using Crashdesk.Analysis.Profiles;
using Crashdesk.Analysis.Symbols;
using Crashdesk.Analysis.Types;

namespace Crashdesk.Analysis.Shell.Commands;

/// <summary>
/// crash's <c>p</c> and <c>px</c> (symbols.c <c>cmd_p</c>): gdb's print of a kernel variable or
/// of a member path of one (<c>init_task.pid</c>), numbered in gdb's value history. crash prefixes
/// "NAME = " when the expression is a bare symbol (it echoes the symbol before gdb's "$N = ").
/// A per-CPU variable prints as crash's display_per_cpu_info does: its type and every CPU's
/// address, or with crash's ":cpus" suffix (<c>p runqueues:1</c>, <c>:a</c>, <c>:0,2</c>, <c>:</c> for the
/// current CPU) the value on each CPU named (<see cref="PerCpuPrint"/>). <c>&amp;VAR[.member]</c> prints the
/// address as gdb does, a pointer to the type. A function prints as gdb prints one, its type then its
/// address (<c>p schedule</c>: "{void (void)} 0x… &lt;schedule&gt;").
/// The variable's type comes from the debug kernel's DWARF (BTF for per-CPU variables); without a
/// debug kernel any other variable's type is unknown: its address and first word are printed,
/// and no type is invented.
/// </summary>
internal sealed class PrintShellCommand(string name, bool hexDefault) : IShellCommand
{
    public string Name => name;

    public string Summary => hexDefault ? "print a kernel variable or member in hex (per-CPU: var:cpus)" : "print a kernel variable or member (-x hex, -d decimal; per-CPU: var:cpus)";

    public string Usage => $"{name} [-x|-d] [&]variable[.member...][:cpuspec]";

    public void Run(CrashShell shell, ShellInvocation invocation, ShellOutput output, CancellationToken cancellationToken)
    {
        if (invocation.Arguments is not [var argument])
            throw new ShellCommandException($"Usage: {Usage}");
        bool hex = invocation.Has("-x") || (hexDefault && !invocation.Has("-d"));
        string failed = $"{name}: gdb request failed: {name} {argument}";
        // cmd_p cuts the cpu specification at the last ':' before looking the symbol up.
        int colon = argument.LastIndexOf(':');
        string expression = colon < 0 ? argument : argument[..colon];
        string? cpus = colon < 0 ? null : argument[(colon + 1)..];
        if (PerCpuVariable.TryFind(shell, expression, out var perCpu))
        {
            new PerCpuPrint(shell, name, hex).Write(perCpu, cpus, output, cancellationToken);
            return;
        }
        if (cpus is not null)
        {
            // A known symbol: crash warns and prints it; anything else goes to gdb with the ':' put back, and fails.
            if (!shell.Context.Symbols.TryGetSymbol(expression, out _))
                throw new ShellCommandException(failed);
            output.WriteLine($"WARNING: {expression} is not percpu; cpuspec ignored.");
        }
        // `&VAR` or `&VAR.member`: gdb prints the address as a pointer to the type, with no leader
        // (crash's symbol_search() of "&VAR" finds no symbol). For a per-CPU variable that is its
        // offset moved by KASLR like every other symbol gdb was given, no CPU's copy: crash's answer too.
        bool addressOf = expression.StartsWith('&');
        if (addressOf)
            expression = expression[1..];
        int dot = expression.IndexOf('.', StringComparison.Ordinal);
        string variable = dot < 0 ? expression : expression[..dot];
        // A member of a per-CPU variable (runqueues.nr_running) is gdb's to evaluate at the link-time
        // per-CPU offset, an address no CPU's area has: gdb's request fails as crash's does.
        if (!shell.Context.TryGetSymbolAddress(variable, out ulong address) || (dot >= 0 && !addressOf && PerCpuVariable.TryFind(shell, variable, out _)))
            throw new ShellCommandException(failed);
        if (!TryVariableType(shell, variable, out var type))
        {
            if (shell.Context.Symbols.TryGetSymbol(variable, out var symbol) && symbol.IsText)
            {
                output.Write(FunctionValue(shell, variable, symbol, address, dot >= 0, addressOf, hex, failed));
                return;
            }
            if (shell.DebugInfo is DebugKernel)
                throw new ShellCommandException(failed);
            if (dot >= 0 || addressOf)
                throw new ShellCommandException(UnknownType(shell, variable) + "\n" + failed);
            UntypedVariable(shell, variable, address, output);
            return;
        }
        ulong at = address;
        KernelMember? bitfield = null;
        if (dot >= 0)
        {
            if (!StructShellCommand.TryFindPath(type, expression[(dot + 1)..], out var member, out long offset))
                throw new ShellCommandException(failed);
            at += (ulong)offset;
            type = member.Type;
            if (member.IsBitfield)
                bitfield = member with { BitOffset = member.BitOffset & 7 };
        }
        if (addressOf)
        {
            // gdb refuses the address of a bitfield ("Attempt to take address of value not located in memory.").
            if (bitfield is not null)
                throw new ShellCommandException(failed);
            output.Write(AddressValue(shell, hex, type, at));
            return;
        }
        string value = Value(shell, name, hex, type, bitfield, at, failed, cancellationToken);
        output.Write(WithLeader(dot < 0 ? variable : null, value));
    }

    /// <summary>"$N = VALUE\n" of the <paramref name="type"/> (or <paramref name="bitfield"/>) at <paramref name="at"/>.</summary>
    internal static string Value(CrashShell shell, string command, bool hex, KernelType type, KernelMember? bitfield, ulong at, string failed, CancellationToken cancellationToken)
    {
        long size = bitfield is null ? type.Resolved.Size : 8;
        if (size is <= 0 or > 1 << 20)
            throw new ShellCommandException(failed);
        byte[] data = new byte[size];
        ShellMemory.Read(shell, command, at, data, "gdb_readmem_callback");
        var formatter = new GdbValueFormatter(shell.Target.KernelMemory, shell.Context.Symbols, hex);
        var sb = new StringBuilder();
        sb.Append('$').Append(shell.NextValueNumber()).Append(" = ");
        if (bitfield is not null)
            formatter.AppendMember(sb, bitfield, data, at, 0, 0, cancellationToken);
        else
        {
            // gdb prefixes a pointer value it prints by itself with its type, "(struct task_struct *) 0x…",
            // except a character pointer, which it prints as the string (gdb/c-valprint.c c_value_print).
            var resolved = type.Resolved;
            if (resolved.Kind == KernelTypeKind.Pointer && !IsCharacter(resolved.Target))
                sb.Append('(').Append(GdbTypePrinter.Declaration(type, "")).Append(") ");
            formatter.Append(sb, type, data, at, 0, cancellationToken);
        }
        sb.Append('\n');
        return sb.ToString();
    }

    /// <summary>
    /// A function, as gdb prints one (c-valprint.c: a function value is "{TYPE} ADDRESS", its address
    /// symbolic): "NAME = $N = {void (void)} 0xADDR &lt;NAME&gt;" behind crash's leader, `&amp;NAME` a pointer to
    /// it, "(void (*)(void)) 0xADDR &lt;NAME&gt;". The type is the DWARF subprogram's; a function DWARF does not
    /// describe (an assembler entry point), or any function without a debug kernel, has gdb's type of a text
    /// symbol without debug info (gdbtypes.c objfile_type: "&lt;text variable, no debug info&gt;"): what gdb
    /// says of <c>entry_SYSCALL_64</c> with Debian's debug kernel, and no signature invented.
    /// </summary>
    private static string FunctionValue(CrashShell shell, string function, KernelSymbol symbol, ulong address, bool member, bool addressOf, bool hex, string failed)
    {
        // A function has no members; and crash loads no module's symbols into gdb ("mod -s" would).
        if (member || symbol.Module is not null)
            throw new ShellCommandException(failed);
        var type = shell.DebugInfo is DebugKernel kernel && kernel.Dwarf.TryFindFunctionType(function, out var described)
            ? described
            : new KernelType(KernelTypeKind.Void, "<text variable, no debug info>", -1);
        if (addressOf)
            return AddressValue(shell, hex, type, address);
        var formatter = new GdbValueFormatter(shell.Target.KernelMemory, shell.Context.Symbols, hex);
        var sb = new StringBuilder();
        sb.Append('$').Append(shell.NextValueNumber()).Append(" = {").Append(GdbTypePrinter.Declaration(type, "")).Append("} 0x")
            .Append(address.ToString("x", CultureInfo.InvariantCulture));
        if (formatter.SymbolOf(address, valueAlias: true) is { } name)
            sb.Append(" <").Append(name).Append('>');
        return WithLeader(function, sb.Append('\n').ToString());
    }

    private static string UnknownType(CrashShell shell, string variable) =>
        $"'{variable}' has unknown type without a debug kernel ("
        + (shell.DebugInfo is null ? "kallsyms and BTF from the dump type no variables but per-CPU ones" : "a kernel profile types no variables") + ")";

    /// <summary>"$N = (TYPE *) 0xADDR &lt;symbol+offset&gt;\n": gdb's print of `&amp;VAR`.</summary>
    private static string AddressValue(CrashShell shell, bool hex, KernelType type, ulong at)
    {
        var pointer = new KernelType(KernelTypeKind.Pointer, null, 8, () => type);
        var sb = new StringBuilder();
        sb.Append('$').Append(shell.NextValueNumber()).Append(" = (").Append(GdbTypePrinter.Declaration(pointer, "")).Append(") ");
        new GdbValueFormatter(shell.Target.KernelMemory, shell.Context.Symbols, hex).Append(sb, pointer, BitConverter.GetBytes(at), at, 0, CancellationToken.None);
        return sb.Append('\n').ToString();
    }

    private static bool IsCharacter(KernelType? type) =>
        type?.Resolved is { Kind: KernelTypeKind.Base, Size: 1, Encoding: 6 or 8 };

    /// <summary>
    /// crash's echo of gdb's answer behind a leader (symbols.c process_gdb_output): "LEADER = " first,
    /// and when gdb's first line holds a '{' that does not end it (an array printed on one line),
    /// the text from that brace moves to a new line, indented by one space.
    /// </summary>
    internal static string WithLeader(string? leader, string value)
    {
        if (leader is null)
            return value;
        int newline = value.IndexOf('\n', StringComparison.Ordinal);
        int brace = value.IndexOf('{', StringComparison.Ordinal);
        if (brace >= 0 && (newline < 0 || brace < newline) && brace + 1 < value.Length && value[brace + 1] != '\n')
            value = string.Concat(value.AsSpan(0, brace), "\n {", value.AsSpan(brace + 1));
        return leader + " = " + value;
    }

    /// <summary>
    /// A variable whose type nothing in the session knows (kallsyms and BTF, or a profile, type no
    /// variables but per-CPU ones): gdb's own complaint ("'X' has unknown type; cast it to its
    /// declared type", gdb/eval.c) with the reason, then what is known for sure, the address and the
    /// first word there as <c>rd</c> prints it.
    /// </summary>
    private void UntypedVariable(CrashShell shell, string variable, ulong address, ShellOutput output)
    {
        output.WriteLine(UnknownType(shell, variable));
        Span<byte> word = stackalloc byte[8];
        ShellMemory.Read(shell, name, address, word, "gdb_readmem_callback");
        string at = address.ToString("x16", CultureInfo.InvariantCulture);
        output.WriteLink(at, "rd " + at);
        output.WriteLine(":  " + BitConverter.ToUInt64(word).ToString("x16", CultureInfo.InvariantCulture));
    }

    /// <summary>
    /// A global variable's type, from DWARF (a profile and BTF do not keep variables). The name
    /// index holds the DIE that carries the name, which for `extern const char linux_banner[]` is the
    /// header's declaration without a bound (the definition names it through DW_AT_specification);
    /// such an array takes its length from the symbol's size, the length gdb reads from the definition.
    /// </summary>
    private static bool TryVariableType(CrashShell shell, string variable, out KernelType type)
    {
        type = null!;
        if (shell.DebugInfo is not DebugKernel kernel || !kernel.Dwarf.TryFindVariableType(variable, out type))
            return false;
        var resolved = type.Resolved;
        long element = (resolved.Target ?? KernelType.Void).Resolved.Size;
        if (resolved.Kind == KernelTypeKind.Array && resolved.Dimensions is [] or [null] && element > 0
            && shell.Context.Symbols.TryGetSymbol(variable, out var symbol) && symbol.Size >= (ulong)element)
        {
            long count = (long)symbol.Size / element;
            var target = resolved.Target;
            type = new KernelType(KernelTypeKind.Array, null, count * element, () => target, dimensions: [count]);
        }
        return true;
    }
}
