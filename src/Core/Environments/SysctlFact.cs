namespace Crashdesk.Core.Environments;

/// <summary>One kernel tunable as <c>sysctl -a</c> prints it (<c>kernel.panic_on_oops = 1</c>).</summary>
public sealed record SysctlFact(string Name, string Value);
