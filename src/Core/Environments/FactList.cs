namespace Crashdesk.Core.Environments;

/// <summary>
/// A list-shaped section (packages, modules, sysctls, applications): the items one source gave
/// together, with that source and time. A list is replaced whole by a newer reading, never merged
/// item by item: a package list from last week's sosreport and one from today's must not blend.
/// </summary>
public sealed record FactList<T>(IReadOnlyList<T> Items, string Source, DateTimeOffset At);
