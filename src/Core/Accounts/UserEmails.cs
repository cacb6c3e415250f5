namespace Crashdesk.Core.Accounts;

/// <summary>E-mail addresses are sign-in names: compared trimmed and lower-cased everywhere.</summary>
public static class UserEmails
{
    public static string Normalise(string? email) => (email ?? "").Trim().ToLowerInvariant();
}
