namespace Crashdesk.Core.Accounts;

/// <summary>The outcome of a sign-in with a password. <see cref="UserId"/> is set only on success.</summary>
public sealed record PasswordCheck(PasswordCheckOutcome Outcome, Guid? UserId = null, DateTimeOffset? LockedUntil = null)
{
    public bool Succeeded => Outcome == PasswordCheckOutcome.Success;
}

public enum PasswordCheckOutcome
{
    Success,
    /// <summary>Unknown e-mail or wrong password: the same answer, so accounts cannot be probed.</summary>
    WrongCredentials,
    LockedOut,
    Deactivated,
}
