using Crashdesk.Core.Data;
using Crashdesk.Core.Data.Migrations;
using Crashdesk.TestSupport;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;

namespace Crashdesk.Core.Tests.Support;

/// <summary>A fresh, uniquely named database on the test server; dropped on dispose.</summary>
public sealed class TestDatabase : IAsyncDisposable
{
    private readonly bool _onSharedServer;

    private TestDatabase(string name, string connectionString, bool onSharedServer = true)
    {
        Name = name;
        ConnectionString = connectionString;
        _onSharedServer = onSharedServer;
    }

    public string Name { get; }

    public string ConnectionString { get; }

    public static async Task<TestDatabase> CreateAsync(bool migrate = true)
    {
        var name = await ScratchDatabase.CreateAsync("crashdesk_test");
        var database = new TestDatabase(name, ScratchDatabase.ConnectionString(name, pooling: false));
        if (migrate)
            await new SqlMigrationRunner(NullLogger<SqlMigrationRunner>.Instance).MigrateAsync(database.ConnectionString, Migrations());
        return database;
    }

    /// <summary>
    /// A database the test made on a server of its own (a <c>PrivatePostgres</c>), migrated as the hosts migrate;
    /// disposing leaves it to that server's owner.
    /// </summary>
    public static async Task<TestDatabase> MigratedOnAsync(string name, string connectionString)
    {
        await new SqlMigrationRunner(NullLogger<SqlMigrationRunner>.Instance).MigrateAsync(connectionString, Migrations());
        return new TestDatabase(name, connectionString, onSharedServer: false);
    }

    public static IReadOnlyList<SqlMigration> Migrations() => SqlMigrationSource.Load(SqlMigrationSource.DefaultDirectory);

    public CrashdeskDbContext CreateContext() =>
        new(new DbContextOptionsBuilder<CrashdeskDbContext>().UseNpgsql(ConnectionString).Options);

    public async ValueTask DisposeAsync()
    {
        NpgsqlConnection.ClearAllPools();
        if (_onSharedServer)
            await ScratchDatabase.DropAsync(Name);
    }
}
