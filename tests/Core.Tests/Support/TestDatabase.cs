using Crashdesk.Core.Data;
using Crashdesk.Core.Data.Migrations;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;

namespace Crashdesk.Core.Tests.Support;

/// <summary>A fresh, uniquely named database on the test server; dropped on dispose.</summary>
public sealed class TestDatabase : IAsyncDisposable
{
    private TestDatabase(string name, string connectionString)
    {
        Name = name;
        ConnectionString = connectionString;
    }

    public string Name { get; }

    public string ConnectionString { get; }

    public static async Task<TestDatabase> CreateAsync(bool migrate = true)
    {
        var server = TestEnvironment.PostgresConnectionString;
        var name = $"crashdesk_test_{Guid.NewGuid():N}";
        await using (var connection = new NpgsqlConnection(server))
        {
            await connection.OpenAsync();
            await using var command = new NpgsqlCommand($"CREATE DATABASE {name}", connection);
            await command.ExecuteNonQueryAsync();
        }
        var builder = new NpgsqlConnectionStringBuilder(server) { Database = name, Pooling = false };
        var database = new TestDatabase(name, builder.ConnectionString);
        if (migrate)
            await new SqlMigrationRunner(NullLogger<SqlMigrationRunner>.Instance).MigrateAsync(database.ConnectionString, Migrations());
        return database;
    }

    public static IReadOnlyList<SqlMigration> Migrations() => SqlMigrationSource.Load(SqlMigrationSource.DefaultDirectory);

    public CrashdeskDbContext CreateContext() =>
        new(new DbContextOptionsBuilder<CrashdeskDbContext>().UseNpgsql(ConnectionString).Options);

    public async ValueTask DisposeAsync()
    {
        NpgsqlConnection.ClearAllPools();
        await using var connection = new NpgsqlConnection(TestEnvironment.PostgresConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand($"DROP DATABASE IF EXISTS {Name} WITH (FORCE)", connection);
        await command.ExecuteNonQueryAsync();
    }
}
