namespace Crashdesk.Core.Data.Migrations;

/// <summary>One file migrations/NNNN_name.sql: its version, name, text and SHA-256 of the text.</summary>
public sealed record SqlMigration(int Version, string Name, string Sql, string Checksum);
