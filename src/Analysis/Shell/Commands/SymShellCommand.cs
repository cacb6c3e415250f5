using Crashdesk.Analysis.Symbols;

namespace Crashdesk.Analysis.Shell.Commands;

/// <summary>
/// crash's <c>sym</c> (symbols.c <c>cmd_sym</c>) for one or more names or addresses: the same
/// lines as <c>crashdesk sym</c> (<see cref="SymLookup"/>), crash's "symbol not found" with the
/// alternatives for an unknown name. crash adds the source file and line when the debug kernel has
/// a line table; the engine reads no line tables, so that suffix is not printed.
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
            output.WriteLine(line[16..]);
        }
    }
}
