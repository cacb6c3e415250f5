namespace Crashdesk.Api.Contracts;

/// <summary>A member of the organisation. <c>isHome</c>: the user belongs here (only home administrators deactivate).</summary>
public sealed record MemberDto(Guid UserId, string Email, string DisplayName, string Role, bool IsHome, DateTimeOffset? DeactivatedAt, DateTimeOffset JoinedAt);

/// <summary>
/// POST /api/v1/organization/members: adds an existing user by e-mail, or creates one. A new user gets
/// <c>password</c>, or a generated one returned once in <see cref="AddedMemberDto.InitialPassword"/>.
/// </summary>
public sealed record AddMemberRequest(string Email, string Role, string? DisplayName = null, string? Password = null);

public sealed record AddedMemberDto(MemberDto Member, bool UserCreated, string? InitialPassword);

/// <summary>PUT /api/v1/organization/members/{userId}.</summary>
public sealed record SetRoleRequest(string Role);
