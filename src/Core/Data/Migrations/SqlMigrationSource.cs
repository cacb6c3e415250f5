using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;

namespace Crashdesk.Core.Data.Migrations;

/// <summary>Reads migrations/NNNN_name.sql files, ordered by number; refuses gaps and duplicates.</summary>
public static partial class SqlMigrationSource
{
    /// <summary>Where the build copies migrations/ (Core.csproj): beside the application's assemblies.</summary>
    public static string DefaultDirectory => Path.Combine(AppContext.BaseDirectory, "migrations");

    public static IReadOnlyList<SqlMigration> Load(string directory)
    {
        if (!Directory.Exists(directory))
            throw new DirectoryNotFoundException($"migrations directory '{directory}' does not exist");
        var migrations = new List<SqlMigration>();
        foreach (var path in Directory.EnumerateFiles(directory, "*.sql"))
        {
            var fileName = Path.GetFileName(path);
            var match = FileNamePattern().Match(fileName);
            if (!match.Success)
                throw new InvalidOperationException($"migration file '{fileName}' is not named NNNN_name.sql");
            var sql = File.ReadAllText(path, Encoding.UTF8).ReplaceLineEndings("\n");
            var checksum = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(sql)));
            migrations.Add(new SqlMigration(
                int.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture), match.Groups[2].Value, sql, checksum));
        }
        migrations.Sort((a, b) => a.Version.CompareTo(b.Version));
        for (int i = 0; i < migrations.Count; i++)
        {
            if (migrations[i].Version != i + 1)
                throw new InvalidOperationException(
                    $"migrations must be numbered 1..N without gaps or duplicates: found {migrations[i].Version} at position {i + 1}");
        }
        return migrations;
    }

    [GeneratedRegex(@"^(\d{4})_([a-z0-9_]+)\.sql$")]
    private static partial Regex FileNamePattern();
}
