namespace Crashdesk.Web.Auth;

/// <summary>Where a sign-in (password or single sign-on) goes afterwards.</summary>
public static class ReturnUrls
{
    public const string Default = "/cases";

    /// <summary>Only local paths: an open redirect to another site after sign-in is a phishing aid.</summary>
    public static string Safe(string? returnUrl) =>
        !string.IsNullOrEmpty(returnUrl) && returnUrl.StartsWith('/') && !returnUrl.StartsWith("//", StringComparison.Ordinal)
            && !returnUrl.StartsWith("/\\", StringComparison.Ordinal)
            ? returnUrl
            : Default;
}
