using System.Globalization;
using System.Text;
using Crashdesk.Analysis.Symbols;

namespace Crashdesk.Analysis.Shell.Commands;

/// <summary>
/// crash's <c>dis</c> (kernel.c <c>cmd_dis</c>, gdb's x/i output as crash rewrites it): one line per
/// instruction, "0xADDR &lt;symbol+offset&gt;:\tTEXT", a direct branch's target named
/// "&lt;symbol+offset&gt;", a RIP-relative operand followed by gdb's "        # 0xADDR &lt;symbol&gt;"
/// comment, and the 5-byte NOP that replaced the ftrace call at a function's start marked
/// "[FTRACE NOP]" as crash marks it. <c>dis NAME</c> prints the whole function (its symbol's size,
/// else up to the next symbol), <c>dis ADDR COUNT</c> COUNT instructions (1 by default for an
/// address), <c>-r ADDR</c> from the function's start up to and including ADDR. <c>-l</c> prints
/// gdb's "FILE: LINE" of the debug kernel's line table before an instruction whose line differs
/// from the previous one's (kernel.c cmd_dis(), GNU_PRINT_LINE_NUMBERS); module code has no lines
/// (crash needs the module's debug info loaded), and without a debug kernel -l is refused.
/// </summary>
internal sealed class DisShellCommand(IInstructionDecoder decoder) : IShellCommand
{
    /// <summary>The most instructions one command prints (a whole-function `dis` of a huge symbol stops here).</summary>
    public const int MaxInstructions = 20_000;

    /// <summary>The ftrace call site's NOP as gdb prints it (arch/x86/kernel/ftrace.c patches `call __fentry__` into this 5-byte NOP).</summary>
    private const string FtraceNop = "nopl   0x0(%rax,%rax,1)";

    public string Name => "dis";

    public string Summary => "disassemble kernel text (a function, COUNT instructions, or -r up to an address)";

    public string Usage => "dis [-r] [-l] [address | symbol[+offset]] [count]";

    public void Run(CrashShell shell, ShellInvocation invocation, ShellOutput output, CancellationToken cancellationToken)
    {
        foreach (string w in invocation.Words.Where(w => w.StartsWith('-')))
        {
            if (w is not ("-r" or "-l"))
                throw new ShellCommandException($"dis: invalid option: {w}\nUsage: {Usage}");
        }
        if (invocation.Arguments is not [var where, ..] || invocation.Arguments.Count > 2)
            throw new ShellCommandException($"Usage: {Usage}");
        ulong address = ShellAddresses.Require(shell, where, withOffset: true);
        var symbols = shell.Context.Symbols;
        bool reverse = invocation.Has("-r");
        ulong start = address, end;
        long count = long.MaxValue;
        if (reverse)
        {
            if (!symbols.TryResolve(address, out var at))
                throw new ShellCommandException($"dis: no symbol at or below {address:x}");
            start = at.SymbolAddress;
            end = address + 1;
        }
        else if (invocation.Arguments.Count == 2)
        {
            count = ShellAddresses.ParseCount("dis", invocation.Arguments[1]);
            end = ulong.MaxValue;
        }
        else if (symbols.TryGetSymbol(where, out var named) && named.IsText)
            end = FunctionEnd(symbols, named, start);
        else
        {
            count = 1;
            end = ulong.MaxValue;
        }
        var lines = invocation.Has("-l") ? SourceLines.For(shell, "dis") : null;
        Disassemble(shell, start, end, Math.Min(count, MaxInstructions), lines, output, cancellationToken);
    }

    private static ulong FunctionEnd(SymbolTable symbols, KernelSymbol symbol, ulong start)
    {
        if (symbol.Size > 0)
            return start + symbol.Size;
        // No size (kallsyms): up to the next symbol, as crash does.
        for (ulong probe = start + 1; probe < start + (1 << 20); probe++)
            if (symbols.TryResolve(probe, out var at) && at.SymbolAddress != start)
                return at.SymbolAddress;
        return start + 1;
    }

    private void Disassemble(CrashShell shell, ulong start, ulong end, long count, SourceLines? lines, ShellOutput output, CancellationToken cancellationToken)
    {
        string previousLine = "";
        var formatter = new GdbValueFormatter(shell.Target.KernelMemory, shell.Context.Symbols, hex: true);
        Span<byte> code = stackalloc byte[15];
        ulong pc = start;
        for (long i = 0; i < count && pc < end; i++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            int n = shell.Target.KernelMemory.Read(pc, code);
            if (n == 0)
                throw new ShellCommandException(ShellMemory.Failure(shell, "dis", pc, "gdb_readmem_callback"));
            if (lines is not null)
            {
                // crash prints the line whenever it differs from the last one printed, an empty one too.
                bool module = shell.Context.Symbols.TryResolve(pc, out var owner) && owner.Symbol.Module is not null;
                string source = module ? "" : lines.At(pc);
                if (source != previousLine)
                {
                    output.WriteLine(source);
                    previousLine = source;
                }
            }
            var instruction = decoder.Decode(code[..n], pc);
            var line = new StringBuilder();
            string address = "0x" + pc.ToString("x", CultureInfo.InvariantCulture);
            line.Append(address);
            if (formatter.SymbolOf(pc, modules: true) is { } name)
                line.Append(" <").Append(name).Append('>');
            line.Append(":\t");
            int length;
            if (instruction is null)
            {
                line.Append("(bad)");
                length = 1;
            }
            else
            {
                length = instruction.Length;
                line.Append(instruction.Text);
                if (instruction.BranchTarget is { } target && formatter.SymbolOf(target, modules: true) is { } targetName)
                    line.Append(" <").Append(targetName).Append('>');
                if (instruction.MemoryTarget is { } memory)
                {
                    line.Append("        # 0x").Append(memory.ToString("x", CultureInfo.InvariantCulture));
                    if (formatter.SymbolOf(memory, modules: true) is { } memoryName)
                        line.Append(" <").Append(memoryName).Append('>');
                }
                if (instruction.Text == FtraceNop && shell.Context.Symbols.TryResolve(pc, out var at) && at.Offset == 0 && at.Symbol.IsText)
                    line.Append(" [FTRACE NOP]");
            }
            output.WriteLink(address, "sym " + pc.ToString("x", CultureInfo.InvariantCulture));
            output.WriteLine(line.ToString()[address.Length..]);
            pc += (ulong)length;
        }
    }
}
