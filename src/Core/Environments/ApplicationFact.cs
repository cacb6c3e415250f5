namespace Crashdesk.Core.Environments;

/// <summary>Middleware or an application the customer runs (a database, a storage agent), with free notes on how it is configured.</summary>
public sealed record ApplicationFact(string Name, string? Version, string? Notes);
