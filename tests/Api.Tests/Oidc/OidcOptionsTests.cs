using System.ComponentModel.DataAnnotations;
using Crashdesk.Api.Auth.Oidc;
using Crashdesk.Core.Auth;

namespace Crashdesk.Api.Tests.Oidc;

/// <summary>Authentication:Oidc is checked at start-up: a wrong setting stops the host with its name, not a sign-in later.</summary>
public sealed class OidcOptionsTests
{
    [Fact]
    public void Without_an_authority_single_sign_on_is_off_and_nothing_else_is_required()
    {
        var options = new OidcOptions();
        Assert.False(options.IsEnabled);
        Assert.Empty(Errors(options));
    }

    [Theory]
    [InlineData("http://127.0.0.1:8080", false)]
    [InlineData("http://localhost:8080/realms/x", false)]
    [InlineData("http://[::1]:8080", false)]
    [InlineData("https://sso.example.com", true)]
    public void Plain_http_is_accepted_only_on_loopback(string authority, bool requireHttps)
    {
        var options = new OidcOptions { Authority = authority, ClientId = "crashdesk" };
        Assert.Empty(Errors(options));
        Assert.Equal(requireHttps, options.RequireHttpsMetadata);
    }

    [Fact]
    public void Each_wrong_setting_is_named()
    {
        Assert.Contains(Errors(new OidcOptions { Authority = "http://sso.example.com", ClientId = "c" }), e => e.Contains("must use https", StringComparison.Ordinal));
        Assert.Contains(Errors(new OidcOptions { Authority = "sso.example.com", ClientId = "c" }), e => e.Contains("absolute http(s) URL", StringComparison.Ordinal));
        Assert.Contains(Errors(new OidcOptions { Authority = "https://sso.example.com" }), e => e.Contains("ClientId", StringComparison.Ordinal));
        Assert.Contains(Errors(new OidcOptions { Authority = "https://sso.example.com", ClientId = "c", ProvisionRole = "owner" }),
            e => e.Contains("ProvisionRole", StringComparison.Ordinal));
        Assert.Contains(Errors(new OidcOptions { Authority = "https://sso.example.com", ClientId = "c", AutoProvision = true }),
            e => e.Contains("ProvisionOrganization", StringComparison.Ordinal));
    }

    [Fact]
    public void Openid_is_always_asked_for_and_the_role_defaults_to_customer()
    {
        var options = new OidcOptions { Scopes = "email  profile email" };
        Assert.Equal(["openid", "email", "profile"], options.ScopeList);
        Assert.Equal(OrganizationRole.Customer, options.Role);
        Assert.Equal(OrganizationRole.Engineer, new OidcOptions { ProvisionRole = "engineer" }.Role);
    }

    private static List<string> Errors(OidcOptions options)
    {
        var results = new List<ValidationResult>();
        Validator.TryValidateObject(options, new ValidationContext(options), results, validateAllProperties: true);
        return [.. results.Select(r => r.ErrorMessage ?? "")];
    }
}
