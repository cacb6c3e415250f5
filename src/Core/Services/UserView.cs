namespace Crashdesk.Core.Services;

/// <summary>A member of the organisation, as an assignee picker shows it.</summary>
public sealed record UserView(Guid Id, string DisplayName, string Email);
