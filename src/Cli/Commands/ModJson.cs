using Crashdesk.Analysis.Context.Modules;

namespace Crashdesk.Cli.Commands;

/// <summary>`mod --json`: the loaded modules and where symbols and types came from.</summary>
internal sealed record ModJson(IReadOnlyList<KernelModule> Modules, string SymbolOrigin, string TypeOrigin);
