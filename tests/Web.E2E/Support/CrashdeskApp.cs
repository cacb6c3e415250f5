using System.Security.Cryptography;
using Crashdesk.Core;
using Crashdesk.Core.Data.Migrations;
using Crashdesk.Core.Services;
using Crashdesk.TestSupport;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;

namespace Crashdesk.Web.E2E.Support;

/// <summary>
/// One running Crashdesk for the E2E tests: a fresh database on the test PostgreSQL (migrated with
/// the real migrations), the test S3 server as object store, the Api host with its in-process
/// worker, and a signed-up engineer whose password only this fixture knows. Dropped at the end.
/// </summary>
public sealed class CrashdeskApp : IAsyncLifetime
{
    private readonly string _logLevel;
    private readonly IReadOnlyDictionary<string, string> _settings;
    private readonly int? _port;
    private string? _databaseName;
    private string? _database;
    private ServerProcess? _server;

    /// <summary>The collection's app: warnings and errors only in the server's log.</summary>
    public CrashdeskApp()
        : this("Warning")
    {
    }

    /// <summary>An app of its own whose server logs at <paramref name="logLevel"/> (the secrets-in-logs test uses Debug).</summary>
    /// <param name="settings">More server settings (environment variable names, e.g. single sign-on's <c>Authentication__Oidc__Authority</c>).</param>
    /// <param name="port">The server's port, when the test must know its URL before it starts (an OIDC redirect URI).</param>
    internal CrashdeskApp(string logLevel, IReadOnlyDictionary<string, string>? settings = null, int? port = null)
    {
        _logLevel = logLevel;
        _settings = settings ?? new Dictionary<string, string>();
        _port = port;
    }

    public string BaseUrl => Server.BaseUrl;

    public ServerProcess Server => _server ?? throw new InvalidOperationException("The server is not started.");

    public string Email { get; } = "engineer@e2e.crashdesk.test";

    public string Password { get; } = Convert.ToBase64String(RandomNumberGenerator.GetBytes(18));

    /// <summary>An administrator of the same organisation, and the installation's owner (the operations dashboard).</summary>
    public string AdminEmail { get; } = "admin@e2e.crashdesk.test";

    public string AdminPassword { get; } = Convert.ToBase64String(RandomNumberGenerator.GetBytes(18));

    /// <summary>The server's upload limit: above the 6.6 MiB zstd fixture, below the 10.1 MiB snappy one.</summary>
    public long MaxUploadBytes { get; } = 8L * 1024 * 1024;

    public async Task InitializeAsync()
    {
        _databaseName = await ScratchDatabase.CreateAsync("crashdesk_e2e");
        string database = ScratchDatabase.ConnectionString(_databaseName);
        _database = database;
        await new SqlMigrationRunner(NullLogger<SqlMigrationRunner>.Instance)
            .MigrateAsync(database, SqlMigrationSource.Load(SqlMigrationSource.DefaultDirectory));
        await CreateEngineerAsync(database);

        var environment = new Dictionary<string, string>
        {
            ["Database__ConnectionString"] = database,
            ["Database__MigrateOnStart"] = "false",
            ["Storage__Provider"] = "S3",
            ["Storage__S3__ServiceUrl"] = TestServices.S3ServiceUrl,
            ["Storage__S3__Bucket"] = TestServices.S3Bucket,
            ["Storage__S3__AccessKey"] = TestServices.S3AccessKey,
            ["Storage__S3__SecretKey"] = TestServices.S3SecretKey,
            ["Uploads__MaxBytes"] = MaxUploadBytes.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Worker__RunInProcess"] = "true",
            // The engineer exists already; no first-start admin credentials in the test output.
            ["Bootstrap__Enabled"] = "false",
            // Every test signs in from 127.0.0.1; the per-address sign-in limit is tested in Api.Tests.
            ["Accounts__SignInsPerMinute"] = "1000",
            ["Logging__LogLevel__Default"] = _logLevel,
            // appsettings.json quiets these by category; an app of its own at Debug must hear them too.
            ["Logging__LogLevel__Microsoft.AspNetCore"] = _logLevel,
            ["Logging__LogLevel__Microsoft.EntityFrameworkCore"] = _logLevel,
            ["Logging__LogLevel__Hangfire"] = _logLevel,
        };
        foreach (var (name, value) in _settings)
            environment[name] = value;
        _server = await ServerProcess.StartAsync(environment, TimeSpan.FromSeconds(90), _port);
    }

    /// <summary>Through Core's own services (PasswordHasher and all), as an administrator would.</summary>
    private async Task CreateEngineerAsync(string database)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Database:ConnectionString"] = database,
            ["Storage:Provider"] = "Local",
            ["Storage:LocalPath"] = Path.GetTempPath(),
        });
        builder.AddCrashdeskCore();
        using var host = builder.Build();
        await using var scope = host.Services.CreateAsyncScope();
        Guid organization = await scope.ServiceProvider.GetRequiredService<IOrganizationService>().EnsureAsync("E2E Support Centre");
        await scope.ServiceProvider.GetRequiredService<IUserService>()
            .CreateAsync(organization, Email, "E2E Engineer", Password, Crashdesk.Core.Auth.OrganizationRole.Engineer);
        await scope.ServiceProvider.GetRequiredService<IUserService>()
            .CreateAsync(organization, AdminEmail, "E2E Administrator", AdminPassword, Crashdesk.Core.Auth.OrganizationRole.Admin, isOwner: true);
    }

    /// <summary>
    /// Puts a vmlinux into the engineer's debug-kernel library through Core's own service, as
    /// `PUT /api/v1/debug-kernels/{file}` does (a 200 MB file is past this server's upload limit for
    /// the browser); the running server's worker picks the queued profile job up from the shared
    /// Hangfire storage. Returns the library id.
    /// </summary>
    public Task<Guid> AddDebugKernelAsync(string path, string fileName) =>
        AsEngineerAsync(async (services, caller) =>
        {
            await using var file = File.OpenRead(path);
            var result = await services.GetRequiredService<IDebugKernelService>().UploadAsync(caller, fileName, file);
            return result.DebugKernel?.Id ?? throw new InvalidOperationException($"the debug kernel upload ended {result.Status}: {result.Message}");
        });

    /// <summary>
    /// Uploads a file to a case through Core's artifact service, as `PUT .../artifacts/{file}?kind=`
    /// does, for files past this server's browser upload limit. Returns the artifact id.
    /// </summary>
    public Task<Guid> UploadArtifactAsync(Guid caseId, string path, string fileName, Crashdesk.Core.Domain.ArtifactKind kind) =>
        AsEngineerAsync(async (services, caller) =>
        {
            await using var file = File.OpenRead(path);
            var result = await services.GetRequiredService<IArtifactService>().UploadAsync(caller, caseId, fileName, kind, file);
            return result.Artifact?.Id ?? throw new InvalidOperationException($"the upload ended {result.Status}: {result.Message}");
        });

    /// <summary>Runs <paramref name="body"/> with Core's services on this app's database and S3 store, as the engineer.</summary>
    public async Task<T> AsEngineerAsync<T>(Func<IServiceProvider, Caller, Task<T>> body)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Database:ConnectionString"] = _database,
            ["Storage:Provider"] = "S3",
            ["Storage:S3:ServiceUrl"] = TestServices.S3ServiceUrl,
            ["Storage:S3:Bucket"] = TestServices.S3Bucket,
            ["Storage:S3:AccessKey"] = TestServices.S3AccessKey,
            ["Storage:S3:SecretKey"] = TestServices.S3SecretKey,
        });
        builder.AddCrashdeskCore();
        using var host = builder.Build();
        await using var scope = host.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<Crashdesk.Core.Data.CrashdeskDbContext>();
        var user = db.Users.Single(u => u.Email == Email);
        return await body(scope.ServiceProvider, new Caller(user.Id, user.OrganizationId, user.Email, Crashdesk.Core.Auth.OrganizationRole.Engineer));
    }

    public async Task DisposeAsync()
    {
        if (_server is not null)
            await _server.DisposeAsync();
        if (_databaseName is null)
            return;
        NpgsqlConnection.ClearAllPools();
        await ScratchDatabase.DropAsync(_databaseName);
    }
}
