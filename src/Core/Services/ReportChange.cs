namespace Crashdesk.Core.Services;

/// <summary>One way two report versions differ: what (<see cref="Field"/>, in people's words), before and after.</summary>
public sealed record ReportChange(string Field, string? Before, string? After);
