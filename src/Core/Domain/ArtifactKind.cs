namespace Crashdesk.Core.Domain;

/// <summary>What an uploaded file is. Stored as its wire name (<see cref="ArtifactKinds"/>).</summary>
public enum ArtifactKind
{
    Vmcore,
    DebugKernel,
    ConsoleLog,
    /// <summary>A sosreport archive: imported into the case's environment, not analysed.</summary>
    Sosreport,
    Other,
    /// <summary>An archive or compressed file (tar, zip, gz, xz, zst, bz2): unpacked by a job into artifacts of their own (<see cref="Artifact.FromArchiveId"/>).</summary>
    Archive,
}
