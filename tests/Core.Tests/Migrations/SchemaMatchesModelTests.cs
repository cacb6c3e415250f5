using Crashdesk.Core.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;
using Npgsql;

namespace Crashdesk.Core.Tests.Migrations;

/// <summary>The SQL migrations and the EF model describe the same tables, columns, types and nullability.</summary>
public sealed class SchemaMatchesModelTests
{
    [Fact]
    public async Task Migrated_schema_equals_the_EF_model()
    {
        await using var db = await TestDatabase.CreateAsync();
        await using var context = db.CreateContext();

        var expected = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var entity in context.Model.GetEntityTypes())
        {
            var table = entity.GetTableName()!;
            var store = StoreObjectIdentifier.Table(table, entity.GetSchema());
            foreach (var property in entity.GetProperties())
                expected.Add($"{table}.{property.GetColumnName(store)} {Normalise(property.GetColumnType())} {(property.IsNullable ? "null" : "not null")}");
        }

        var tables = context.Model.GetEntityTypes().Select(e => e.GetTableName()!).ToArray();
        var actual = new SortedSet<string>(StringComparer.Ordinal);
        await using var connection = new NpgsqlConnection(db.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("""
            SELECT c.table_name, c.column_name, format_type(a.atttypid, a.atttypmod), c.is_nullable
              FROM information_schema.columns c
              JOIN pg_attribute a ON a.attrelid = (quote_ident(c.table_schema) || '.' || quote_ident(c.table_name))::regclass
                                 AND a.attname = c.column_name
             WHERE c.table_schema = 'public' AND c.table_name = ANY(@tables)
            """, connection);
        command.Parameters.AddWithValue("tables", tables);
        await using (var reader = await command.ExecuteReaderAsync())
        {
            while (await reader.ReadAsync())
                actual.Add($"{reader.GetString(0)}.{reader.GetString(1)} {Normalise(reader.GetString(2))} {(reader.GetString(3) == "YES" ? "null" : "not null")}");
        }

        Assert.True(expected.Count > 40, $"the model has only {expected.Count} columns: is the model empty?");
        Assert.Equal(string.Join("\n", expected), string.Join("\n", actual));
    }

    [Fact]
    public async Task Every_model_index_exists_with_its_uniqueness()
    {
        await using var db = await TestDatabase.CreateAsync();
        await using var context = db.CreateContext();
        var expected = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var entity in context.Model.GetEntityTypes())
        {
            foreach (var index in entity.GetIndexes())
                expected.Add($"{index.GetDatabaseName()} {(index.IsUnique ? "unique" : "")}");
        }

        var actual = new SortedSet<string>(StringComparer.Ordinal);
        await using var connection = new NpgsqlConnection(db.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("""
            SELECT i.relname, x.indisunique FROM pg_index x JOIN pg_class i ON i.oid = x.indexrelid
              JOIN pg_namespace n ON n.oid = i.relnamespace
             WHERE i.relname LIKE 'ix\_%' AND n.nspname = 'public' -- Hangfire's own schema is not ours
            """, connection);
        await using (var reader = await command.ExecuteReaderAsync())
        {
            while (await reader.ReadAsync())
                actual.Add($"{reader.GetString(0)} {(reader.GetBoolean(1) ? "unique" : "")}");
        }
        Assert.Equal(string.Join("\n", expected), string.Join("\n", actual));
    }

    // information_schema/format_type spell a few types differently from EF's store types.
    private static string Normalise(string type) => type.ToLowerInvariant() switch
    {
        "int" or "int4" => "integer",
        "int8" => "bigint",
        "bool" => "boolean",
        "timestamptz" => "timestamp with time zone",
        var t => t.Replace("varchar(", "character varying("),
    };
}
