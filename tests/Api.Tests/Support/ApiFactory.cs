using Crashdesk.Core.Auth;
using Crashdesk.Api;
using Crashdesk.Core.Services;
using Crashdesk.Core.Tests.Support;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace Crashdesk.Api.Tests.Support;

/// <summary>
/// The real Api host in-process (WebApplicationFactory) on a fresh migrated PostgreSQL database,
/// with the local store in a temp directory or the S3 store on s3rver. Settings go in as host
/// settings so they are visible while Program registers services.
/// </summary>
public sealed class ApiFactory : WebApplicationFactory<Program>
{
    private readonly Dictionary<string, string?> _settings;

    private ApiFactory(TestDatabase database, Dictionary<string, string?> settings, string? localRoot)
    {
        Database = database;
        _settings = settings;
        LocalRoot = localRoot;
    }

    public TestDatabase Database { get; }

    /// <summary>The local store's directory, or null for S3.</summary>
    public string? LocalRoot { get; }

    public static async Task<ApiFactory> CreateAsync(
        bool s3 = false, bool worker = false, long? maxUploadBytes = null, IReadOnlyDictionary<string, string?>? extraSettings = null,
        TestDatabase? database = null, string? localRoot = null)
    {
        database ??= await TestDatabase.CreateAsync();
        localRoot = s3 ? null : localRoot ?? TestStores.TempDirectory();
        var settings = new Dictionary<string, string?>
        {
            ["Database:ConnectionString"] = database.ConnectionString,
            ["Database:MigrateOnStart"] = "false",
            ["Bootstrap:Enabled"] = "false",
            ["Worker:RunInProcess"] = worker ? "true" : "false",
            // Webhook deliveries only where a test asks for them (extraSettings): fewer idle servers polling the shared test cluster.
            ["Worker:Queues:webhooks"] = "0",
            // Sosreport imports run on maintenance.
            ["Worker:Queues:maintenance"] = worker ? "1" : "0",
            ["Storage:Provider"] = s3 ? "S3" : "Local",
            ["Storage:LocalPath"] = localRoot ?? "",
            ["Logging:LogLevel:Default"] = "Warning",
            // Tests sign in and send wrong keys far more often than a person; the throttle tests set their own limits.
            ["Accounts:SignInsPerMinute"] = "10000",
            ["Accounts:ApiKeyFailuresPerMinute"] = "10000",
        };
        if (s3)
        {
            var options = TestStores.S3Options();
            settings["Storage:S3:ServiceUrl"] = options.ServiceUrl;
            settings["Storage:S3:Bucket"] = options.Bucket;
            settings["Storage:S3:AccessKey"] = options.AccessKey;
            settings["Storage:S3:SecretKey"] = options.SecretKey;
            settings["Storage:S3:PartSizeBytes"] = options.PartSizeBytes.ToString(System.Globalization.CultureInfo.InvariantCulture);
        }
        if (maxUploadBytes is { } max)
            settings["Uploads:MaxBytes"] = max.ToString(System.Globalization.CultureInfo.InvariantCulture);
        foreach (var (name, value) in extraSettings ?? new Dictionary<string, string?>())
            settings[name] = value;
        return new ApiFactory(database, settings, localRoot);
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Production");
        foreach (var (key, value) in _settings)
            builder.UseSetting(key, value);
        builder.ConfigureServices(services => services.AddSingleton<IStartupFilter, LoopbackClientAddress>());
    }

    /// <summary>
    /// TestServer requests have no client address; a socket on this machine would give 127.0.0.1. Set it,
    /// so what is kept and limited per address (a key's last use, the sign-in limiter) sees what production sees.
    /// </summary>
    private sealed class LoopbackClientAddress : IStartupFilter
    {
        public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
        {
            app.Use((context, nextMiddleware) =>
            {
                context.Connection.RemoteIpAddress ??= System.Net.IPAddress.Loopback;
                return nextMiddleware(context);
            });
            next(app);
        };
    }

    /// <summary>A new organisation with one user and an API key; returns the caller and the key.</summary>
    public async Task<(Caller Caller, string ApiKey)> CreateTenantAsync(string? organization = null, OrganizationRole role = OrganizationRole.Engineer)
    {
        await using var scope = Services.CreateAsyncScope();
        var organizations = scope.ServiceProvider.GetRequiredService<IOrganizationService>();
        var users = scope.ServiceProvider.GetRequiredService<IUserService>();
        var keys = scope.ServiceProvider.GetRequiredService<IApiKeyService>();
        var orgId = await organizations.EnsureAsync(organization ?? $"org-{Guid.NewGuid():N}");
        var caller = await users.CreateAsync(orgId, $"engineer-{Guid.NewGuid():N}@example.test", "Engineer", "correct horse battery staple", role);
        var key = await keys.CreateAsync(caller, new NewApiKey("tests"));
        return (caller, key.Secret);
    }

    /// <summary>Another user (an engineer unless said) of an existing organisation, with an API key.</summary>
    public async Task<(Caller Caller, string ApiKey)> AddUserAsync(Guid organizationId, string displayName, OrganizationRole role = OrganizationRole.Engineer)
    {
        await using var scope = Services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<IUserService>();
        var keys = scope.ServiceProvider.GetRequiredService<IApiKeyService>();
        var caller = await users.CreateAsync(organizationId, $"user-{Guid.NewGuid():N}@example.test", displayName, "correct horse battery staple", role);
        var key = await keys.CreateAsync(caller, new NewApiKey("tests"));
        return (caller, key.Secret);
    }

    /// <summary>A client sending the API key; never follows redirects (a 302 must be seen as one).</summary>
    public HttpClient ClientWithKey(string? apiKey)
    {
        var client = CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        if (apiKey is not null)
            client.DefaultRequestHeaders.Add("X-Api-Key", apiKey);
        return client;
    }

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        await Database.DisposeAsync();
        if (LocalRoot is not null && Directory.Exists(LocalRoot))
            Directory.Delete(LocalRoot, recursive: true);
    }
}
