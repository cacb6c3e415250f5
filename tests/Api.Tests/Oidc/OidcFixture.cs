using Crashdesk.Api.Tests.Support;
using Microsoft.AspNetCore.Authentication.OpenIdConnect;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Crashdesk.Api.Tests.Oidc;

/// <summary>
/// One real OpenID Connect provider (oidc-provider) and one Crashdesk host configured for it, shared by the
/// single sign-on tests (each test uses its own accounts). Every log line of the host, at every level, is kept,
/// and the token endpoint's answers are recorded, so a test can prove no token reaches the log.
/// </summary>
public sealed class OidcFixture : IAsyncLifetime
{
    public OidcTestProvider Provider { get; private set; } = null!;

    public ApiFactory Factory { get; private set; } = null!;

    /// <summary>The host as configured, with every log line captured (Trace) and the backchannel recorded.</summary>
    public WebApplicationFactory<Program> Host { get; private set; } = null!;

    public LogCapture Logs { get; } = new();

    public RecordingHandler Backchannel { get; } = new();

    public async Task InitializeAsync()
    {
        Provider = await OidcTestProvider.StartAsync(new Uri(OidcBrowser.CrashdeskBase, "/signin-oidc").ToString());
        var settings = Provider.CrashdeskSettings();
        // Every level of every category (appsettings.json keeps Microsoft.AspNetCore at Warning): the handler's traces too.
        settings["Logging:LogLevel:Default"] = "Trace";
        settings["Logging:LogLevel:Microsoft.AspNetCore"] = "Trace";
        settings["Logging:LogLevel:Microsoft.IdentityModel"] = "Trace";
        Factory = await ApiFactory.CreateAsync(extraSettings: settings);
        Host = Factory.WithWebHostBuilder(builder => builder.ConfigureServices(services =>
        {
            services.AddSingleton<ILoggerProvider>(Logs);
            // Configure (not PostConfigure): the handler's own post-configuration builds its backchannel from this.
            services.Configure<OpenIdConnectOptions>("oidc", o => o.BackchannelHttpHandler = Backchannel);
        }));
    }

    /// <summary>Another host on the same database and provider with other Authentication:Oidc settings (provisioning).</summary>
    public WebApplicationFactory<Program> With(IReadOnlyDictionary<string, string?> settings) =>
        Factory.WithWebHostBuilder(builder =>
        {
            foreach (var (key, value) in settings)
                builder.UseSetting(key, value);
        });

    public async Task DisposeAsync()
    {
        await Host.DisposeAsync();
        await Factory.DisposeAsync();
        await Provider.DisposeAsync();
    }
}
