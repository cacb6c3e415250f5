using Crashdesk.Core.Options;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace Crashdesk.Core.Data.Migrations;

/// <summary>Applies migrations/ at start-up when Database:MigrateOnStart is set (single-machine installs).</summary>
internal sealed class MigrateOnStartService(SqlMigrationRunner runner, IOptions<DatabaseOptions> options) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        if (!options.Value.MigrateOnStart)
            return;
        await runner.MigrateAsync(options.Value.ConnectionString, SqlMigrationSource.Load(SqlMigrationSource.DefaultDirectory), cancellationToken);
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
