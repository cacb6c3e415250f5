using Crashdesk.Analysis.Formats.Detection;
using Crashdesk.Core.Archives;
using Crashdesk.Core.Domain;
using Crashdesk.Core.Environments.Sosreport;

namespace Crashdesk.Core.Services;

/// <summary>What a file's first bytes already prove it is (an archive sent as a vmcore) or is not (a vmcore, a sosreport or an archive that is none): one rule for the PUT upload and upload sessions.</summary>
internal static class ArtifactProbe
{
    /// <summary>Whether <paramref name="kind"/> is probed at all (others are accepted as they are: the analysis decides).</summary>
    public static bool Probes(ArtifactKind kind) => kind is ArtifactKind.Vmcore or ArtifactKind.Sosreport or ArtifactKind.Archive;

    /// <summary>
    /// An archive or compressed data sent as a vmcore (a kdump directory's .tar.xz, a vmcore.gz) is stored as an
    /// archive and unpacked, rather than refused: its first bytes say so, whatever its name.
    /// </summary>
    public static ArtifactKind KindOf(ArtifactKind kind, ReadOnlySpan<byte> head) =>
        kind == ArtifactKind.Vmcore && ArchiveOpener.IsArchive(head) ? ArtifactKind.Archive : kind;

    /// <summary>The refusal naming the file, or null. <paramref name="head"/>: up to <see cref="UploadProbe.HeadBytes"/> first bytes.</summary>
    public static string? Refuse(ArtifactKind kind, ReadOnlySpan<byte> head, string fileName) => kind switch
    {
        ArtifactKind.Vmcore => UploadProbe.RefuseAsVmcore(head) is { } notADump ? $"{fileName}: {notADump}" : null,
        ArtifactKind.Sosreport => SosreportProbe.Refuse(head, fileName),
        ArtifactKind.Archive => ArchiveOpener.Refusal(head, fileName),
        _ => null,
    };
}
