namespace Crashdesk.Api.Contracts;

/// <summary>Whether the organisation's customer accounts may use the case console (engineers and administrators always may).</summary>
public sealed record ConsoleAccessPolicyDto(bool Customers, DateTimeOffset? UpdatedAt);

/// <summary>PUT /organization/console-access: <c>customers</c> true opens the console to customer accounts.</summary>
public sealed record SetConsoleAccessRequest(bool Customers);
