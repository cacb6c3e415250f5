using Crashdesk.Core.Auth;

namespace Crashdesk.Core.Accounts;

/// <summary>An organisation the caller belongs to, with the caller's role there.</summary>
public sealed record OrganizationMembershipView(Guid Id, string Name, bool IsProvider, OrganizationRole Role);

/// <summary>A member of an organisation as its administrators see it.</summary>
public sealed record MemberView(
    Guid UserId, string Email, string DisplayName, OrganizationRole Role, bool IsHome, DateTimeOffset? DeactivatedAt, DateTimeOffset JoinedAt);

/// <summary>Whom to add: an existing user by e-mail, or a new one (then <see cref="Password"/> or a generated one).</summary>
public sealed record NewMember(string Email, string? DisplayName, OrganizationRole Role, string? Password);

/// <summary>The member added; <see cref="InitialPassword"/> is set (shown once) when the user was created with a generated password.</summary>
public sealed record AddedMember(MemberView Member, bool UserCreated, string? InitialPassword);
