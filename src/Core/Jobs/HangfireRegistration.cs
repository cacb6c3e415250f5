using Crashdesk.Core.Options;
using Hangfire;
using Hangfire.Common;
using Hangfire.PostgreSql;
using Hangfire.PostgreSql.Factories;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Crashdesk.Core.Jobs;

/// <summary>
/// Hangfire for both hosts. Storage, activator and filters are this container's own singletons
/// (registered before <c>AddHangfire</c>, whose defaults are process-wide statics), so several hosts
/// in one process — the tests — never share a database or a retry policy by accident.
/// </summary>
public static class HangfireRegistration
{
    /// <summary>Hangfire's tables live in this schema of the application's database (installed by the migration runner).</summary>
    public const string Schema = "hangfire";

    /// <summary>The job client, storage and pipeline; every host needs them to enqueue.</summary>
    public static IServiceCollection AddCrashdeskJobs(this IServiceCollection services)
    {
        services.AddSingleton<JobStorage>(sp =>
        {
            var database = sp.GetRequiredService<IOptions<DatabaseOptions>>().Value;
            var worker = sp.GetRequiredService<IOptions<WorkerOptions>>().Value;
            var options = StorageOptions(worker);
            return new PostgreSqlStorage(new NpgsqlConnectionFactory(database.ConnectionString, options), options);
        });
        services.AddSingleton<JobActivator>(sp => new Hangfire.AspNetCore.AspNetCoreJobActivator(sp.GetRequiredService<IServiceScopeFactory>()));
        services.AddSingleton<IJobFilterProvider>(sp => Filters(sp.GetRequiredService<IOptions<WorkerOptions>>().Value));
        services.AddHangfire((sp, configuration) => configuration
            .SetDataCompatibilityLevel(CompatibilityLevel.Version_180)
            .UseSimpleAssemblyNameTypeSerializer()
            .UseRecommendedSerializerSettings()
            .UseLogProvider(new HostSafeLogProvider(new Hangfire.AspNetCore.AspNetCoreLogProvider(sp.GetRequiredService<Microsoft.Extensions.Logging.ILoggerFactory>()))));

        services.AddSingleton<WorkerIdentity>();
        services.AddSingleton<WorkLeases>();
        services.AddSingleton<IJobQueue, HangfireJobQueue>();
        services.AddTransient(typeof(QueuedJob<>));
        services.AddScoped<AnalyzeArtifactWork>();
        services.AddScoped<BuildKernelProfileWork>();
        services.AddScoped<FetchDebugKernelWork>();
        services.AddScoped<Debuginfod.DebuginfodDownloader>();
        services.AddScoped<ImportSosreportWork>();
        services.AddScoped<UnpackArchiveWork>();
        services.AddScoped<Archives.ArchiveUnpacker>();
        services.AddScoped<ReanalysisPlanner>();
        services.AddScoped<DataProtection.RetentionPurge>();
        services.AddScoped<DataProtection.AuditRetention>();
        services.AddScoped<Webhooks.WebhookLogRetention>();
        services.AddScoped<RetentionPurgeJob>();
        services.AddScoped<UploadSessionExpiryJob>();
        services.AddScoped<RewrapKeysJob>();
        return services;
    }

    /// <summary>Makes this process execute jobs: one Hangfire server per queue (<see cref="JobServers"/>).</summary>
    public static IServiceCollection AddCrashdeskJobServers(this IServiceCollection services)
    {
        services.AddHostedService<JobServers>();
        services.AddHostedService<MaintenanceSchedule>();
        return services;
    }

    internal static PostgreSqlStorageOptions StorageOptions(WorkerOptions worker) => new()
    {
        SchemaName = Schema,
        // The migration runner installs the schema under its advisory lock; hosts never race to.
        PrepareSchemaIfNecessary = false,
        // Sliding: a running job's queue entry is kept fresh, so only a dead worker's job is handed on.
        UseSlidingInvisibilityTimeout = true,
        InvisibilityTimeout = worker.InvisibilityTimeout,
        QueuePollInterval = worker.PollInterval,
        // LISTEN/NOTIFY: an enqueue wakes idle servers at once instead of at their next poll.
        EnableLongPolling = true,
    };

    private static JobFilterProviderCollection Filters(WorkerOptions worker)
    {
        var filters = new JobFilterCollection();
        // Our own retry policy: the row counts attempts (QueuedJob); Hangfire must not give up first.
        filters.Add(new AutomaticRetryAttribute
        {
            Attempts = worker.MaxAttempts,
            DelaysInSeconds = [.. Enumerable.Range(0, worker.MaxAttempts).Select(i => (int)Math.Min(worker.RetryDelay.TotalSeconds * Math.Pow(4, i), 86_400))],
            OnAttemptsExceeded = AttemptsExceededAction.Fail,
        });
        filters.Add(new KeepQueueOnRetry());
        filters.Add(new StatisticsHistoryAttribute());
        filters.Add(new ContinuationsSupportAttribute());
        return new JobFilterProviderCollection(filters, new JobFilterAttributeFilterProvider());
    }
}
