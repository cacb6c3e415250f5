using System.Text;
using Crashdesk.Analysis.Profiles;
using Crashdesk.Analysis.Types;

namespace Crashdesk.Analysis.Shell.Commands;

/// <summary>
/// crash's <c>p</c> and <c>px</c> (symbols.c <c>cmd_p</c>): gdb's print of a kernel variable or
/// of a member path of one (<c>init_task.pid</c>), numbered in gdb's value history. crash prefixes
/// "NAME = " when the expression is a bare symbol (it echoes the symbol before gdb's "$N = ").
/// The variable's type comes from the debug kernel's DWARF; without one (kallsyms and BTF) the
/// types of variables are unknown and the request fails as crash's does without debug info.
/// </summary>
internal sealed class PrintShellCommand(string name, bool hexDefault) : IShellCommand
{
    public string Name => name;

    public string Summary => hexDefault ? "print a kernel variable or member in hex" : "print a kernel variable or member (-x hex, -d decimal)";

    public string Usage => $"{name} [-x|-d] variable[.member...]";

    public void Run(CrashShell shell, ShellInvocation invocation, ShellOutput output, CancellationToken cancellationToken)
    {
        if (invocation.Arguments is not [var expression])
            throw new ShellCommandException($"Usage: {Usage}");
        bool hex = invocation.Has("-x") || (hexDefault && !invocation.Has("-d"));
        int dot = expression.IndexOf('.', StringComparison.Ordinal);
        string variable = dot < 0 ? expression : expression[..dot];
        string failed = $"{name}: gdb request failed: {name} {expression}";
        if (!shell.Context.TryGetSymbolAddress(variable, out ulong address) || !TryVariableType(shell, variable, out var type))
            throw new ShellCommandException(failed);
        var formatter = new GdbValueFormatter(shell.Target.KernelMemory, shell.Context.Symbols, hex);
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
        long size = bitfield is null ? type.Resolved.Size : 8;
        if (size is <= 0 or > 1 << 20)
            throw new ShellCommandException(failed);
        byte[] data = new byte[size];
        ShellMemory.Read(shell, name, at, data, "gdb_readmem_callback");
        var sb = new StringBuilder();
        if (dot < 0)
            sb.Append(variable).Append(" = ");
        sb.Append('$').Append(shell.NextValueNumber()).Append(" = ");
        if (bitfield is not null)
            formatter.AppendMember(sb, bitfield, data, at, 0, 0, cancellationToken);
        else
            formatter.Append(sb, type, data, at, 0, cancellationToken);
        sb.Append('\n');
        output.Write(sb.ToString());
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
