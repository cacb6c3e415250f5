using Crashdesk.Core;
using Crashdesk.Core.Data.Migrations;
using Crashdesk.Core.Services;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;

namespace Crashdesk.Benchmarks.Shared;

/// <summary>
/// What the service benchmarks need before they start the real Api host: a fresh migrated database on the
/// bench cluster and, made through the services, a tenant with one engineer, their API key and one case.
/// </summary>
public static class BenchService
{
    /// <summary>A fresh database on <paramref name="server"/> (a connection string without a database), migrated.</summary>
    public static async Task<string> CreateDatabaseAsync(string server)
    {
        string name = $"crashdesk_bench_{Guid.NewGuid():N}";
        await using (var admin = new NpgsqlConnection(server))
        {
            await admin.OpenAsync();
            await new NpgsqlCommand($"CREATE DATABASE {name}", admin).ExecuteNonQueryAsync();
        }
        string database = new NpgsqlConnectionStringBuilder(server) { Database = name }.ConnectionString;
        await new SqlMigrationRunner(NullLogger<SqlMigrationRunner>.Instance).MigrateAsync(database, SqlMigrationSource.Load(SqlMigrationSource.DefaultDirectory));
        return database;
    }

    /// <summary>A tenant, an engineer's API key and a case titled <paramref name="caseTitle"/>, in <paramref name="database"/> with the host's <paramref name="storage"/> settings.</summary>
    public static async Task<(string ApiKey, Guid CaseId)> SeedAsync(string database, IReadOnlyDictionary<string, string> storage, string caseTitle)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        var settings = new Dictionary<string, string?> { ["Database:ConnectionString"] = database };
        foreach (var (k, v) in storage)
            settings[k.Replace("__", ":", StringComparison.Ordinal)] = v;
        builder.Configuration.AddInMemoryCollection(settings);
        builder.AddCrashdeskCore();
        using var host = builder.Build();
        await using var scope = host.Services.CreateAsyncScope();
        var org = await scope.ServiceProvider.GetRequiredService<IOrganizationService>().EnsureAsync("Bench Support Centre");
        var caller = await scope.ServiceProvider.GetRequiredService<IUserService>().CreateAsync(org, "bench@crashdesk.test", "Bench", Guid.NewGuid().ToString(), Crashdesk.Core.Auth.OrganizationRole.Engineer);
        string apiKey = (await scope.ServiceProvider.GetRequiredService<IApiKeyService>().CreateAsync(caller, new NewApiKey("bench"))).Secret;
        Guid caseId = (await scope.ServiceProvider.GetRequiredService<ICaseService>().CreateAsync(caller, new NewCase(caseTitle, "ACME", null, null))).Id;
        return (apiKey, caseId);
    }

    /// <summary>The host's settings for s3rver at <paramref name="serviceUrl"/> (the bench's bucket and s3rver's fixed keys).</summary>
    public static Dictionary<string, string> S3rverStorage(string serviceUrl, string work) => new()
    {
        ["Storage__Provider"] = "S3", ["Storage__S3__ServiceUrl"] = serviceUrl, ["Storage__S3__Bucket"] = "crashdesk-bench",
        ["Storage__S3__AccessKey"] = "S3RVER", ["Storage__S3__SecretKey"] = "S3RVER", ["Storage__S3__StagingPath"] = Path.Combine(work, "s3-staging"),
    };

    /// <summary>Resident memory of a process (VmRSS), in bytes; 0 when it is gone.</summary>
    public static long Rss(int pid)
    {
        try
        {
            foreach (var line in File.ReadLines($"/proc/{pid}/status"))
            {
                if (line.StartsWith("VmRSS:", StringComparison.Ordinal))
                    return long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], System.Globalization.CultureInfo.InvariantCulture) * 1024;
            }
        }
        catch (IOException)
        {
        }
        return 0;
    }
}
