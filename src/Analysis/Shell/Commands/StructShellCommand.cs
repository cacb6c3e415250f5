using System.Globalization;
using System.Text;
using Crashdesk.Analysis.Types;

namespace Crashdesk.Analysis.Shell.Commands;

/// <summary>
/// crash's <c>struct</c> and <c>union</c> (symbols.c <c>cmd_struct</c> / <c>cmd_datatype_common</c>):
/// without an address the layout as gdb's ptype prints it and "SIZE: n" (<c>-o</c> adds crash's
/// member offsets, the text of <c>crashdesk struct -o</c>); with an address (hex or a symbol) the
/// object's contents as gdb prints <c>*(struct NAME *)ADDR</c>, headed by "struct NAME "; with
/// <c>NAME.m1,m2</c> only those members, one "  m = value," each as crash prints them; <c>-x</c> /
/// <c>-d</c> choose hex or decimal integers.
/// </summary>
internal sealed class StructShellCommand(string keyword) : IShellCommand
{
    /// <summary>The largest object read whole (a bigger one is printed as crash would refuse nothing, but no worker reads megabytes per command).</summary>
    private const int MaxObjectBytes = 1 << 20;

    public string Name => keyword;

    public string Summary => keyword == "struct"
        ? "structure layout (-o: offsets), or its contents at an address (NAME.member for members; -x/-d radix)"
        : "union layout (-o: offsets), or its contents at an address (NAME.member for members; -x/-d radix)";

    public string Usage => $"{keyword} {keyword}_name[.member[,member]] [-o] [-x|-d] [address | symbol]";

    public void Run(CrashShell shell, ShellInvocation invocation, ShellOutput output, CancellationToken cancellationToken)
    {
        foreach (string w in invocation.Words.Where(w => w.StartsWith('-')))
            if (w is not ("-o" or "-x" or "-d"))
                throw new ShellCommandException($"{keyword}: invalid option: {w}\nUsage: {Usage}");
        if (invocation.Arguments is not [var spec, ..] || invocation.Arguments.Count > 2)
            throw new ShellCommandException($"Usage: {Usage}");
        int dot = spec.IndexOf('.', StringComparison.Ordinal);
        string typeName = dot < 0 ? spec : spec[..dot];
        string[] members = dot < 0 ? [] : spec[(dot + 1)..].Split(',', StringSplitOptions.RemoveEmptyEntries);
        if (!TryFind(shell, typeName, out var type))
            throw new ShellCommandException($"{keyword}: invalid data structure reference: {typeName}");
        foreach (string m in members)
            if (!TryFindPath(type, m, out _, out _))
                throw new ShellCommandException($"{keyword}: invalid data structure reference: {spec}");
        if (invocation.Arguments.Count == 1)
        {
            if (members.Length > 1)
            {
                // crash (symbols.c, cmd_datatype_common) refuses several members without an address and shows the offsets instead.
                output.WriteLine($"{keyword}: multiple member format not supported in this syntax");
                PrintLayout(type, offsets: true, output);
            }
            else if (members.Length == 1 && members[0].Contains('.', StringComparison.Ordinal))
                // crash looks the member up by one name (symbols.c, cmd_datatype_common: MEMBER_OFFSET); a nested path is no structure reference.
                throw new ShellCommandException($"{keyword}: invalid data structure reference: {spec}");
            else if (members.Length == 1)
                PrintMemberLayout(type, members, output);
            else
                PrintLayout(type, invocation.Has("-o"), output);
            return;
        }
        ulong address = ShellAddresses.Require(shell, invocation.Arguments[1]);
        var formatter = new GdbValueFormatter(shell.Target.KernelMemory, shell.Context.Symbols, hex: invocation.Has("-x"));
        if (type.Size is <= 0 or > MaxObjectBytes)
            throw new ShellCommandException($"{keyword}: {type} has no size that can be read ({type.Size})");
        byte[] data = new byte[type.Size];
        ShellMemory.Read(shell, keyword, address, data, "gdb_readmem_callback");
        var sb = new StringBuilder();
        if (members.Length == 0)
        {
            sb.Append(keyword).Append(' ').Append(type.Name).Append(' ');
            formatter.Append(sb, type, data, address, 0, cancellationToken);
            sb.Append('\n');
        }
        else
            foreach (string m in members)
                AppendMember(sb, formatter, type, m, data, address, cancellationToken);
        output.Write(sb.ToString());
    }

    /// <summary>crash's member line: "  name = value," (the member printed as a field of the object).</summary>
    internal static void AppendMember(StringBuilder sb, GdbValueFormatter formatter, KernelType type, string path, byte[] data, ulong address, CancellationToken cancellationToken)
    {
        TryFindPath(type, path, out var member, out long byteOffset);
        sb.Append("  ").Append(path[(path.LastIndexOf('.') + 1)..]).Append(" = ");
        // The member is located by its path; its bits count from the byte that holds its first one.
        long memberBits = member.BitOffset & 7;
        var shifted = member with { BitOffset = memberBits };
        formatter.AppendMember(sb, shifted, data.AsSpan((int)byteOffset), address + (ulong)byteOffset, 0, 1, cancellationToken);
        sb.Append(",\n");
    }

    /// <summary>A dotted member path inside <paramref name="type"/>, through anonymous members: the last member and its byte offset from the start.</summary>
    internal static bool TryFindPath(KernelType type, string path, out KernelMember member, out long byteOffset)
    {
        member = null!;
        byteOffset = 0;
        var current = type;
        foreach (string part in path.Split('.'))
        {
            if (!current.TryFindMember(part, out member, out long offset))
                return false;
            byteOffset += offset;
            current = member.Type;
        }
        return true;
    }

    /// <summary>
    /// crash's `struct NAME.member` without an address: each member's offset and declaration inside
    /// the type's braces, the offset right-aligned in the column of the whole type's `struct -o`
    /// (as wide as the type's size in digits + 4, <see cref="CrashStructFormatter"/>).
    /// </summary>
    private void PrintMemberLayout(KernelType type, string[] members, ShellOutput output)
    {
        int width = type.Size.ToString(CultureInfo.InvariantCulture).Length + 4;
        var sb = new StringBuilder();
        sb.Append(keyword).Append(' ').Append(type.Name).Append(" {\n");
        foreach (string path in members)
        {
            TryFindPath(type, path, out var member, out long offset);
            sb.Append(("  [" + offset.ToString(CultureInfo.InvariantCulture) + "]").PadLeft(width)).Append(' ')
              .Append(GdbTypePrinter.Declaration(member.Type, member.Name ?? ""));
            if (member.IsBitfield)
                sb.Append(" : ").Append(member.BitSize.ToString(CultureInfo.InvariantCulture));
            sb.Append(";\n");
        }
        sb.Append("}\n");
        output.Write(sb.ToString());
    }

    private void PrintLayout(KernelType type, bool offsets, ShellOutput output)
    {
        if (offsets)
        {
            output.Write(CrashStructFormatter.Format(type));
            return;
        }
        var sb = new StringBuilder();
        foreach (string line in GdbTypePrinter.Body(type))
            sb.Append(line).Append('\n');
        sb.Append("SIZE: ").Append(type.Size.ToString(CultureInfo.InvariantCulture)).Append('\n');
        output.Write(sb.ToString());
    }

    private bool TryFind(CrashShell shell, string name, out KernelType type)
    {
        var types = shell.Context.Types.Source;
        if (keyword == "struct" && types.TryFindType("struct " + name, out type))
            return true;
        return types.TryFindType("union " + name, out type) && (keyword == "union" || type.Kind == KernelTypeKind.Union);
    }
}
