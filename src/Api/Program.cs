using Crashdesk.Api;
using Crashdesk.Api.Auth;
using Crashdesk.Core;
using Crashdesk.Web;

var builder = WebApplication.CreateBuilder(args);
builder.AddCrashdeskCore();
builder.AddCrashdeskApi();
builder.AddCrashdeskWeb(web =>
{
    web.CookieScheme = AuthSchemes.Cookie;
    web.SingleSignOnName = Crashdesk.Api.Auth.Oidc.OidcRegistration.DisplayName(builder.Configuration);
});

var app = builder.Build();
app.UseCrashdeskApi();
app.MapCrashdeskWeb();
app.Run();

/// <summary>The entry point, public so WebApplicationFactory&lt;Program&gt; can host it in tests.</summary>
public partial class Program;
