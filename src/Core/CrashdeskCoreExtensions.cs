using Crashdesk.Core.Data;
using Crashdesk.Core.Data.Migrations;
using Crashdesk.Core.Domain;
using Crashdesk.Core.Jobs;
using Crashdesk.Core.Options;
using Crashdesk.Core.Services;
using Crashdesk.Core.Storage;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Minio;
using Quartz;

namespace Crashdesk.Core;

/// <summary>Registers Core for a host: options, database, object store, application services, the Quartz client.</summary>
public static class CrashdeskCoreExtensions
{
    /// <summary>
    /// Everything the Api and the Worker share. The Quartz scheduler is registered (so uploads can
    /// queue analyses) but only executes jobs in hosts that also call <see cref="AddCrashdeskWorker"/>.
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
        AddValidatedOptions<WorkerOptions>(services, WorkerOptions.Section);
        AddValidatedOptions<DebugKernelOptions>(services, DebugKernelOptions.Section);
        AddValidatedOptions<BootstrapOptions>(services, BootstrapOptions.Section);

        services.AddDbContext<CrashdeskDbContext>((sp, o) =>
            o.UseNpgsql(sp.GetRequiredService<IOptions<DatabaseOptions>>().Value.ConnectionString));

        services.AddSingleton<IMinioClient>(sp => S3ClientFactory.Create(sp.GetRequiredService<IOptions<S3Options>>().Value));
        services.AddSingleton<IBlobStore>(sp =>
        {
            var storage = sp.GetRequiredService<IOptions<StorageOptions>>().Value;
            return storage.Provider switch
            {
                StorageProvider.S3 => new S3BlobStore(
                    sp.GetRequiredService<IMinioClient>(), sp.GetRequiredService<IOptions<S3Options>>().Value, sp.GetService<ILogger<S3BlobStore>>()),
                _ => new LocalBlobStore(storage.LocalPath),
            };
        });

        services.AddSingleton<IPasswordHasher<User>, PasswordHasher<User>>();
        services.AddScoped<ICaseService, CaseService>();
        services.AddScoped<IArtifactService, ArtifactService>();
        services.AddScoped<IReportService, ReportService>();
        services.AddScoped<IUserService, UserService>();
        services.AddScoped<IApiKeyService, ApiKeyService>();
        services.AddScoped<IOrganizationService, OrganizationService>();
        services.AddScoped<IDebugKernelService, DebugKernelService>();
        services.AddScoped<IBootstrapService, BootstrapService>();
        services.AddSingleton<SqlMigrationRunner>();
        // Registered before Quartz's hosted service, so the schema exists when the scheduler validates it.
        services.AddHostedService<MigrateOnStartService>();

        services.AddSingleton<AnalysisRunner>();
        services.AddTransient<AnalyzeDumpJob>();
        services.AddSingleton<IAnalysisScheduler, QuartzAnalysisScheduler>();
        services.AddSingleton<DebugKernelResolver>();
        services.AddSingleton<DebugKernelProcessor>();
        services.AddScoped<ReanalysisPlanner>();
        services.AddTransient<BuildKernelProfileJob>();
        services.AddSingleton<IDebugKernelScheduler, QuartzDebugKernelScheduler>();
        AddQuartzScheduler(builder, configuration);
        return builder;
    }

    /// <summary>Makes this process execute analyses (the Worker host; the Api host with Worker:RunInProcess).</summary>
    public static IHostApplicationBuilder AddCrashdeskWorker(this IHostApplicationBuilder builder)
    {
        builder.AddQuartzHostedService(o => o.WaitForJobsToComplete = true);
        return builder;
    }

    private static void AddQuartzScheduler(IHostApplicationBuilder builder, IConfiguration configuration)
    {
        var worker = configuration.GetSection(WorkerOptions.Section).Get<WorkerOptions>() ?? new WorkerOptions();
        var connectionString = configuration[$"{DatabaseOptions.Section}:ConnectionString"] ?? "";
        builder.AddQuartz(q =>
        {
            q.ConfigureScheduler(o =>
            {
                // One name for every node: that is what makes them one cluster.
                o.InstanceName = "crashdesk";
                o.GenerateInstanceId = true;
                o.IdleWaitTime = worker.PollInterval;
            });
            q.UseDefaultThreadPool(worker.Concurrency);
            q.UsePersistentStore(store =>
            {
                store.UsePostgres(connectionString);
                store.UseClustering(c => c.CheckinInterval = worker.CheckinInterval);
                store.ConfigureStore(o =>
                {
                    o.TablePrefix = "qrtz_";
                    // migrations/0002_quartz.sql creates the tables; the scheduler only checks them.
                    o.SchemaProvisioning = SchemaProvisioning.Validate;
                    o.RecoverFiringsCancelledByShutdown = true;
                });
            });
        });
    }

    private static OptionsBuilder<T> AddValidatedOptions<T>(IServiceCollection services, string section) where T : class =>
        services.AddOptions<T>().BindConfiguration(section).ValidateDataAnnotations().ValidateOnStart();
}
