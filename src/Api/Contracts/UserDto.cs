namespace Crashdesk.Api.Contracts;

/// <summary>A user of the caller's organisation (whom a case can be assigned to).</summary>
public sealed record UserDto(Guid Id, string DisplayName, string Email);
