using System.Globalization;
using System.Text;
using Crashdesk.Analysis.Memory;
using Crashdesk.Analysis.Types;

namespace Crashdesk.Analysis.Shell.Commands;

/// <summary>
/// crash's <c>list</c> (tools.c <c>cmd_list</c> / <c>do_list</c>): follows a linked list and prints
/// each entry's address, and with <c>-s struct[.member,…]</c> the entry as <c>struct</c> prints it.
/// The offset of the next pointer is <c>-o N</c>, a number, or <c>struct.member</c>; <c>-H HEAD</c>
/// starts at a <c>list_head</c> that is not itself an entry, <c>-h START</c> at an entry whose
/// embedded <c>list_head</c> is the member (entries are printed as the address of the containing
/// structure). The walk ends where crash's does (NULL, back at the head or start, a self-loop);
/// a loop elsewhere ends at crash's "duplicate list entry", and a list longer than the cap
/// (<see cref="DefaultMaxEntries"/> unless the set is built with another) is cut with a line saying so.
/// </summary>
internal sealed class ListShellCommand(int maxEntries = ListShellCommand.DefaultMaxEntries) : IShellCommand
{
    /// <summary>Entries printed at most by default (crash has no cap; a corrupt list could run for ever).</summary>
    public const int DefaultMaxEntries = 100_000;

    public string Name => "list";

    public string Summary => "follow a linked list (-H head, -h embedded list_head, -o offset, -s struct.members)";

    public string Usage => "list [[-o] offset | struct.member] [-e end] [-H|-h] [-s struct[.member[,member]]] [-x|-d] start";

    public void Run(CrashShell shell, ShellInvocation invocation, ShellOutput output, CancellationToken cancellationToken)
    {
        var request = Parse(shell, invocation);
        var memory = shell.Target.KernelMemory;
        long listHeadOffset = 0, memberOffset = request.Offset;
        ulong start = request.Start, end = request.End;
        if (request.HeadPointer || request.EmbeddedHead)
        {
            listHeadOffset = memberOffset;
            memberOffset = 0;
        }
        if (request.HeadPointer)
        {
            if (end == 0)
                end = start;
            start = ReadPointer(shell, start, "LIST_HEAD contents");
            if (start == end)
            {
                output.WriteLine("(empty)");
                return;
            }
        }
        else if (request.EmbeddedHead)
            start += (ulong)listHeadOffset;

        var formatter = new GdbValueFormatter(memory, shell.Context.Symbols, request.Hex);
        var seen = new HashSet<ulong>();
        ulong next = start;
        ReadPointer(shell, next + (ulong)memberOffset, "first list entry");
        for (int count = 0; ; count++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (count == maxEntries)
            {
                output.WriteLine($"list: stopped after {maxEntries} entries (the shell's cap; crash has none)");
                return;
            }
            ulong entry = next - (ulong)listHeadOffset;
            string hex = entry.ToString("x", CultureInfo.InvariantCulture);
            output.WriteLink(hex, request.Structs.Count > 0 ? $"struct {request.Structs[0].Split('.')[0]} {hex}" : "rd " + hex);
            output.WriteLine();
            foreach (string spec in request.Structs)
                PrintEntry(shell, formatter, spec, entry, output, cancellationToken);
            if (next != 0 && !seen.Add(entry))
                throw new ShellCommandException($"\nlist: duplicate list entry: {next:x}");
            ulong last = next;
            next = ReadPointer(shell, next + (ulong)memberOffset, "list entry");
            if (next == 0)
            {
                if (request.HeadPointer || request.EmbeddedHead)
                    throw new ShellCommandException("\nlist: invalid list entry: 0");
                return;
            }
            if (next == end || next == start || next == last)
                return;
        }
    }

    private static void PrintEntry(CrashShell shell, GdbValueFormatter formatter, string spec, ulong entry, ShellOutput output, CancellationToken cancellationToken)
    {
        int dot = spec.IndexOf('.', StringComparison.Ordinal);
        string typeName = dot < 0 ? spec : spec[..dot];
        var type = FindStruct(shell, typeName) ?? throw new ShellCommandException($"list: invalid data structure reference: {typeName}");
        byte[] data = new byte[type.Size];
        ShellMemory.Read(shell, "list", entry, data, "gdb_readmem_callback");
        var sb = new StringBuilder();
        if (dot < 0)
        {
            sb.Append(type.Kind == KernelTypeKind.Union ? "union " : "struct ").Append(type.Name).Append(' ');
            formatter.Append(sb, type, data, entry, 0, cancellationToken);
            sb.Append('\n');
        }
        else
            foreach (string member in spec[(dot + 1)..].Split(',', StringSplitOptions.RemoveEmptyEntries))
            {
                if (!StructShellCommand.TryFindPath(type, member, out _, out _))
                    throw new ShellCommandException($"list: invalid data structure reference: {typeName}.{member}");
                StructShellCommand.AppendMember(sb, formatter, type, member, data, entry, cancellationToken);
            }
        output.Write(sb.ToString());
    }

    private static KernelType? FindStruct(CrashShell shell, string name) =>
        shell.Context.Types.Source.TryFindType("struct " + name, out var t) || shell.Context.Types.Source.TryFindType("union " + name, out t) ? t : null;

    private static ulong ReadPointer(CrashShell shell, ulong address, string what)
    {
        if (shell.Target.KernelMemory.TryReadU64(address, out ulong value))
            return value;
        throw new ShellCommandException(ShellMemory.Failure(shell, "list", address, what));
    }

    private sealed record Request(ulong Start, ulong End, long Offset, bool HeadPointer, bool EmbeddedHead, IReadOnlyList<string> Structs, bool Hex);

    /// <summary>crash's argument rules: a struct.member or number is the offset, a symbol or the remaining hex number the start.</summary>
    private static Request Parse(CrashShell shell, ShellInvocation invocation)
    {
        bool headPointer = false, embedded = false, hex = false;
        long? offset = null;
        ulong? start = null;
        ulong end = 0;
        var structs = new List<string>();
        var words = invocation.Words;
        for (int i = 0; i < words.Count; i++)
        {
            string w = words[i];
            switch (w)
            {
                case "-H": headPointer = true; continue;
                case "-h": embedded = true; continue;
                case "-x": hex = true; continue;
                case "-d": hex = false; continue;
                case "-s" or "-S" when i + 1 < words.Count: structs.Add(words[++i]); continue;
                case "-o" when i + 1 < words.Count: offset = Offset(shell, words[++i]); continue;
                case "-e" when i + 1 < words.Count: end = ShellAddresses.Require(shell, words[++i]); continue;
            }
            if (w.StartsWith('-'))
                throw new ShellCommandException($"list: invalid option: {w}\nUsage: list {invocation.Line}");
            if (w.Contains('.', StringComparison.Ordinal) && TryMemberOffset(shell, w, out long memberOffset))
            {
                if (offset is not null)
                    throw new ShellCommandException($"list: offset value {offset} (0x{offset:x}) already entered");
                offset = memberOffset;
            }
            else if (shell.Context.TryGetSymbolAddress(w, out ulong symbol))
                start = start is null ? symbol : throw new ShellCommandException("list: list start already entered");
            else if (start is not null)
                offset = ShellAddresses.ParseCount("list", w);
            else if (ShellAddresses.TryResolve(shell, w, out ulong address))
                start = address;
            else
                throw new ShellCommandException($"list: invalid argument: {w}");
        }
        if (start is null)
            throw new ShellCommandException("list: starting address required");
        return new Request(start.Value, end, offset ?? 0, headPointer, embedded, structs, hex);
    }

    private static long Offset(CrashShell shell, string text) =>
        text.Contains('.', StringComparison.Ordinal) && TryMemberOffset(shell, text, out long offset) ? offset : ShellAddresses.ParseCount("list", text);

    private static bool TryMemberOffset(CrashShell shell, string text, out long offset)
    {
        offset = 0;
        int dot = text.IndexOf('.', StringComparison.Ordinal);
        return FindStruct(shell, text[..dot]) is { } type && StructShellCommand.TryFindPath(type, text[(dot + 1)..], out _, out offset);
    }
}
