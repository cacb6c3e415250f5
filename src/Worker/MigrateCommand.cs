using Crashdesk.Core.Data.Migrations;
using Crashdesk.Core.Options;
using Microsoft.Extensions.Options;

namespace Crashdesk.Worker;

/// <summary>`Crashdesk.Worker migrate`: applies the SQL migrations under the advisory lock, then exits.</summary>
internal static class MigrateCommand
{
    public static async Task<int> RunAsync(IHost host)
    {
        var options = host.Services.GetRequiredService<IOptions<DatabaseOptions>>().Value;
        var runner = host.Services.GetRequiredService<SqlMigrationRunner>();
        var applied = await runner.MigrateAsync(options.ConnectionString, SqlMigrationSource.Load(SqlMigrationSource.DefaultDirectory));
        await Console.Out.WriteLineAsync(applied.Count == 0
            ? "migrations: database is up to date"
            : $"migrations: applied {string.Join(", ", applied.Select(v => v.ToString("D4", System.Globalization.CultureInfo.InvariantCulture)))}");
        return 0;
    }
}
