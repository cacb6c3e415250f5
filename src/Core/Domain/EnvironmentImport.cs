namespace Crashdesk.Core.Domain;

/// <summary>
/// The import of one uploaded sosreport into its case's environment (<see cref="Jobs.WorkTable.EnvironmentImports"/>):
/// at the end, the snapshot version it made or the reason it failed.
/// </summary>
public sealed class EnvironmentImport : QueuedWorkRow
{
    /// <summary>The case's environment version the import made; null until done, or when nothing changed.</summary>
    public int? SnapshotVersion { get; set; }
    public Guid? CreatedByUserId { get; set; }
}
