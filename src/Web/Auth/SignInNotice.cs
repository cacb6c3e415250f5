using Microsoft.AspNetCore.DataProtection;

namespace Crashdesk.Web.Auth;

/// <summary>
/// A message for the login page from a sign-in that happened elsewhere (single sign-on's callback): carried in
/// the <c>notice</c> query parameter, protected and time-limited by ASP.NET Core Data Protection, so a link
/// someone crafts cannot make the login page say what they like.
/// </summary>
public static class SignInNotice
{
    public const string QueryParameter = "notice";

    private const string Purpose = "Crashdesk.Web.SignInNotice";
    private static readonly TimeSpan Lifetime = TimeSpan.FromMinutes(5);

    public static string Protect(IDataProtectionProvider provider, string message) =>
        Protector(provider).Protect(message, Lifetime);

    /// <summary>The message, or null when the parameter is missing, tampered with or expired.</summary>
    public static string? TryUnprotect(IDataProtectionProvider provider, string? notice)
    {
        if (string.IsNullOrEmpty(notice))
            return null;
        try
        {
            return Protector(provider).Unprotect(notice);
        }
        catch (System.Security.Cryptography.CryptographicException)
        {
            return null;
        }
    }

    private static ITimeLimitedDataProtector Protector(IDataProtectionProvider provider) =>
        provider.CreateProtector(Purpose).ToTimeLimitedDataProtector();
}
