namespace Crashdesk.Core.Audit;

/// <summary>How a person signed in: the <c>method</c> of a sign-in event's detail.</summary>
public static class SignInMethods
{
    /// <summary>E-mail and password on the login page.</summary>
    public const string Password = "password";

    /// <summary>Single sign-on through the configured OpenID Connect provider.</summary>
    public const string Oidc = "oidc";
}
