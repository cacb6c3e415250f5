namespace Crashdesk.Cli.Commands;

/// <summary>`sym --json`: one resolved address (addresses as 16 hex digits, like crash prints them).</summary>
internal sealed record SymJson(string Address, string Type, string Name, ulong Offset, string? Module, string SymbolAddress, string Origin);
