using Crashdesk.Analysis.Symbols;

namespace Crashdesk.Analysis.Shell.Commands;

/// <summary>
/// crash's <c>sym</c> (symbols.c <c>cmd_sym</c>) for one or more names or addresses: the same
/// lines as <c>crashdesk sym</c> (<see cref="SymLookup"/>), crash's "symbol not found" with the
/// alternatives for an unknown name. With a debug kernel, a text address gets crash's source suffix
/// (symbols.c show_symbol(), SHOW_LINENUM: " FILE: LINE" from get_line_number()); a module's text
/// gets a bare " ", the empty line number crash prints without the module's debug info loaded.
/// Without a debug kernel there are no line tables, and no suffix.
/// </summary>
internal sealed class SymShellCommand : IShellCommand
{
    public string Name => "sym";

    public string Summary => "translate a symbol to its address, or an address to symbol+offset";

    public string Usage => "sym [symbol | address] ...";

    public void Run(CrashShell shell, ShellInvocation invocation, ShellOutput output, CancellationToken cancellationToken)
    {
        if (invocation.Arguments.Count == 0)
            throw new ShellCommandException($"Usage: {Usage}");
        var lines = SourceLines.TryFor(shell);
        foreach (string query in invocation.Arguments)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (!SymLookup.TryDescribe(shell.Context.Symbols, query, out string line, out var location))
            {
                if (SymLookup.TryParseAddress(query, out _))
                    throw new ShellCommandException($"sym: {line}");
                throw new ShellCommandException(ShellAddresses.NotFound(shell.Context.Symbols, query));
            }
            string address = line[..16];
            output.WriteLink(address, ShellLinks.ForAddress(shell, location!.Address));
            string suffix = lines is null || !location.Symbol.IsText ? ""
                : location.Symbol.Module is not null ? " "
                : " " + lines.At(location.Address);
            output.WriteLine(line[16..] + suffix);
        }
    }
}
