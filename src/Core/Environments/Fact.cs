namespace Crashdesk.Core.Environments;

/// <summary>
/// One scalar fact about a machine, with where it came from and when it was read. Values are text
/// on the wire, numbers included (a count or a byte size in decimal): <see cref="EnvironmentFields"/>
/// says which fields are numbers and checks them.
/// </summary>
/// <param name="Value">The value as the source gave it (trimmed).</param>
/// <param name="Source">One of <see cref="FactSources"/>.</param>
/// <param name="At">When the source read it (the import or edit time).</param>
public sealed record Fact(string Value, string Source, DateTimeOffset At);
