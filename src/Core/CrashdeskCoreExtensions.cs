using Crashdesk.Core.Accounts;
using Crashdesk.Core.Environments;
using Crashdesk.Core.Analyses;
using Crashdesk.Core.Analyses.Engines;
using Crashdesk.Core.Consoles;
using Crashdesk.Core.Data;
using Crashdesk.Core.Data.Migrations;
using Crashdesk.Core.Domain;
using Crashdesk.Core.Jobs;
using Crashdesk.Core.Options;
using Crashdesk.Core.Services;
using Crashdesk.Core.Storage;
using Crashdesk.Core.Webhooks;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Minio;

namespace Crashdesk.Core;

/// <summary>Registers Core for a host: options, database, object store, application services, the job client.</summary>
public static class CrashdeskCoreExtensions
{
    /// <summary>
    /// Everything the Api and the Worker share. The Hangfire client is registered (so uploads can
    /// queue analyses); jobs execute only in hosts that also call <see cref="AddCrashdeskWorker"/>.
    /// </summary>
    public static IHostApplicationBuilder AddCrashdeskCore(this IHostApplicationBuilder builder)
    {
        var services = builder.Services;
        var configuration = builder.Configuration;
        AddValidatedOptions<DatabaseOptions>(services, DatabaseOptions.Section)
            .Validate(o => !string.IsNullOrWhiteSpace(o.ConnectionString), "Database:ConnectionString is required");
        AddValidatedOptions<StorageOptions>(services, StorageOptions.Section)
            .Validate(o => o.Provider != StorageProvider.Local || !string.IsNullOrWhiteSpace(o.LocalPath), "Storage:LocalPath is required for the local store");
        AddValidatedOptions<S3Options>(services, S3Options.Section);
        services.AddOptions<S3Options>().Validate<IOptions<StorageOptions>>(
            (s3, storage) => storage.Value.Provider != StorageProvider.S3
                || (Uri.IsWellFormedUriString(s3.ServiceUrl, UriKind.Absolute) && s3.Bucket.Length > 0),
            "Storage:S3:ServiceUrl (absolute URL) and Storage:S3:Bucket are required for the S3 store");
        AddValidatedOptions<UploadOptions>(services, UploadOptions.Section);
        AddValidatedOptions<WorkerOptions>(services, WorkerOptions.Section)
            .Validate(o => o.Queues.Values.All(n => n is >= 0 and <= 64), "Worker:Queues: each queue's worker count must be 0..64");
        AddValidatedOptions<DebugKernelOptions>(services, DebugKernelOptions.Section);
        AddValidatedOptions<DebuginfodServiceOptions>(services, DebuginfodServiceOptions.Section)
            .Validate(o => o.ServersAreValid(), "Debuginfod:Servers: each entry must be an absolute http or https URL without user information");
        AddValidatedOptions<BootstrapOptions>(services, BootstrapOptions.Section);
        AddValidatedOptions<ConsoleOptions>(services, ConsoleOptions.Section);
        AddValidatedOptions<RetentionOptions>(services, RetentionOptions.Section);
        AddValidatedOptions<StorageEncryptionOptions>(services, StorageEncryptionOptions.Section);
        AddValidatedOptions<AnalysisEngineOptions>(services, AnalysisEngineOptions.Section)
            .Validate(o => o.Mode != AnalysisEngineMode.ChildProcess || File.Exists(o.ResolvedPath),
                "Analysis:Engine:Mode is ChildProcess but the engine binary Analysis:Engine:Path is missing (publish it: dotnet publish src/Cli -c Release -r linux-x64, or ./run.sh does)");
        services.AddAnalysisLimits();
        services.AddSingleton<IValidateOptions<StorageEncryptionOptions>, Storage.Encryption.StorageEncryptionValidation>();
        services.AddSingleton(sp => new Storage.Encryption.SecretSealer(
            Storage.Encryption.EnvelopeKeyring.From(sp.GetRequiredService<IOptions<StorageEncryptionOptions>>().Value)));

        services.AddDbContext<CrashdeskDbContext>((sp, o) =>
            o.UseNpgsql(sp.GetRequiredService<IOptions<DatabaseOptions>>().Value.ConnectionString));

        services.AddSingleton<IMinioClient>(sp => S3ClientFactory.Create(sp.GetRequiredService<IOptions<S3Options>>().Value));
        services.AddSingleton<IBlobStore>(sp =>
        {
            var storage = sp.GetRequiredService<IOptions<StorageOptions>>().Value;
            return storage.Provider switch
            {
                StorageProvider.S3 => new S3BlobStore(
                    sp.GetRequiredService<IMinioClient>(), sp.GetRequiredService<IOptions<S3Options>>().Value, sp.GetService<ILogger<S3BlobStore>>())
                {
                    ServerSideEncryption = sp.GetRequiredService<IOptions<StorageEncryptionOptions>>().Value.S3ServerSide == "SSE-S3",
                },
                _ => LocalStore(storage.LocalPath, sp.GetRequiredService<IOptions<StorageEncryptionOptions>>().Value),
            };
        });

        services.AddCrashdeskAccounts();
        services.AddScoped<ICaseService, CaseService>();
        services.AddScoped<INoteService, NoteService>();
        services.AddScoped<EnvironmentStore>();
        services.AddScoped<IEnvironmentService, EnvironmentService>();
        services.AddScoped<Groups.ICrashGroupService, Groups.CrashGroupService>();
        services.AddScoped<KnownIssues.IKnownIssueService, KnownIssues.KnownIssueService>();
        services.AddScoped<Groups.Across.IAcrossOrganizationGroupService, Groups.Across.AcrossOrganizationGroupService>();
        services.AddScoped<Groups.ISimilarCaseService, Groups.SimilarCaseService>();
        services.AddScoped<Dashboard.IDashboardService, Dashboard.DashboardService>();
        services.AddScoped<StoredUpload>();
        services.AddScoped<ArtifactRegistration>();
        services.AddSingleton(sp => ((Storage.Staging.IHasUploadStaging)sp.GetRequiredService<IBlobStore>()).UploadStaging);
        services.AddSingleton<Uploads.UploadHashes>();
        services.AddSingleton<Uploads.UploadSessionLocks>();
        services.AddScoped<Uploads.UploadCompletion>();
        services.AddScoped<Uploads.UploadAppender>();
        services.AddScoped<Uploads.UploadSessionExpiry>();
        services.AddScoped<Uploads.IUploadSessionService, Uploads.UploadSessionService>();
        services.AddScoped<IArtifactService, ArtifactService>();
        services.AddScoped<IReportService, ReportService>();
        services.AddSingleton<ReportCache>();
        services.AddScoped<IUserService, UserService>();
        services.AddScoped<Idempotency.IdempotencyStore>();
        services.AddScoped<IApiKeyService, ApiKeyService>();
        services.AddScoped<IOrganizationService, OrganizationService>();
        services.AddScoped<IDebugKernelService, DebugKernelService>();
        services.AddScoped<IBootstrapService, BootstrapService>();
        services.AddScoped<IAnalysisService, AnalysisService>();
        services.AddScoped<Audit.IAuditLog, Audit.AuditLog>();
        services.AddScoped<DataProtection.IDataPolicyService, DataProtection.DataPolicyService>();
        services.AddScoped<DataProtection.ILegalHoldService, DataProtection.LegalHoldService>();
        services.AddSingleton<SqlMigrationRunner>();
        // Hosted services start in registration order: the schema first, then the start-up sweep of unqueued rows.
        services.AddHostedService<MigrateOnStartService>();

        services.AddSingleton<KernelProfileLoader>();
        services.AddSingleton<DumpProfileStore>();
        services.AddScoped<DebugKernelResolver>();
        services.AddScoped<Debuginfod.DebuginfodFetchRequests>();
        services.AddSingleton<EngineWorkDirectory>();
        services.AddSingleton<IAnalysisEngine>(AnalysisEngines.Create);
        services.AddScoped<IArtifactAnalyzer, ArtifactAnalyzer>();
        services.AddCrashdeskJobs();
        services.AddHostedService<QueuedWorkRecovery>();
        // The console's notifications: the Api waits on them for a command's end, the workers for new commands and Ctrl-C.
        services.AddSingleton<ConsoleCommandFeed>();
        services.AddHostedService(sp => sp.GetRequiredService<ConsoleCommandFeed>());
        services.AddScoped<IConsoleService, ConsoleService>();
        // crash's commands: the web host completes their names, the worker runs them.
        services.TryAddSingleton<Crashdesk.Analysis.Shell.ShellCommandSet>(ConsoleCommandSet.Crash);
        services.AddCrashdeskWebhooks();
        return builder;
    }

    /// <summary>Makes this process execute jobs (the Worker host; the Api host with Worker:RunInProcess).</summary>
    public static IHostApplicationBuilder AddCrashdeskWorker(this IHostApplicationBuilder builder)
    {
        builder.Services.AddCrashdeskJobServers();
        // Says at start where analyses run (and warns when the engine binary is missing).
        builder.Services.AddHostedService<AnalysisEngineAnnouncement>();
        builder.Services.AddCrashdeskWebhookRelay();
        // The console runs where the dumps are read by ranges: here, not in a web host that only queues.
        builder.Services.AddCrashdeskConsoleWorker();
        return builder;
    }

    private static LocalBlobStore LocalStore(string path, StorageEncryptionOptions encryption) =>
        new(path, Storage.Encryption.EnvelopeKeyring.From(encryption), encryption.ChunkBytes);

    private static OptionsBuilder<T> AddValidatedOptions<T>(IServiceCollection services, string section) where T : class =>
        services.AddOptions<T>().BindConfiguration(section).ValidateDataAnnotations().ValidateOnStart();
}
