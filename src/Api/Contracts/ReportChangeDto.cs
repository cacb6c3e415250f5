namespace Crashdesk.Api.Contracts;

/// <summary>One way a report version differs from another: <c>field</c> (panic line, crash class, symbols from, tasks, …), <c>before</c>, <c>after</c>.</summary>
public sealed record ReportChangeDto(string Field, string? Before, string? After);
